// Which handlers a delivery must reach: patterns × event names, written by hand from the rule
// Twenty's server applies (CallWebhookJobsJob, for record and for metadata events), never
// computed by the package. A record event `<obj>.<action>` is received
// by `<obj>.<action>`, `*.<action>`, `<obj>.*` and `*.*`, except `workflowRun.updated`, which
// only its exact name receives. A metadata event `metadata.<name>.<action>` is received by its
// exact name, `metadata.<name>.*`, `metadata.*.<action>`, `metadata.*.*` and `*.*`, never by
// `*.<action>` or `<obj>.*`.

/** Every pattern the test app registers a handler for, one handler each. */
export const PATTERNS = [
  "person.created",
  "person.*",
  "company.*",
  "*.created",
  "*.updated",
  "*.deleted",
  "*.*",
  "workflowRun.*",
  "workflowRun.updated",
  "metadata.*.*",
  "metadata.view.*",
  "metadata.*.created",
  "metadata.fieldMetadata.updated",
];

/** Each event name and exactly the patterns whose handlers must run for it (onAny runs too). */
export const ROUTES = [
  { eventName: "person.created", handlers: ["person.created", "person.*", "*.created", "*.*"] },
  { eventName: "person.updated", handlers: ["person.*", "*.updated", "*.*"] },
  { eventName: "company.deleted", handlers: ["company.*", "*.deleted", "*.*"] },
  { eventName: "opportunity.restored", handlers: ["*.*"] },
  { eventName: "myCustomObject.destroyed", handlers: ["*.*"] },
  { eventName: "workflowRun.created", handlers: ["workflowRun.*", "*.created", "*.*"] },
  { eventName: "workflowRun.updated", handlers: ["workflowRun.updated"] },
  { eventName: "metadata.view.created", handlers: ["metadata.view.*", "metadata.*.created", "metadata.*.*", "*.*"] },
  { eventName: "metadata.view.deleted", handlers: ["metadata.view.*", "metadata.*.*", "*.*"] },
  { eventName: "metadata.fieldMetadata.updated", handlers: ["metadata.fieldMetadata.updated", "metadata.*.*", "*.*"] },
  { eventName: "metadata.objectMetadata.deleted", handlers: ["metadata.*.*", "*.*"] },
];
