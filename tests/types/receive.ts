// Receiving, typed: on("person.created") narrows to the Person record, lists of patterns give
// the union of their payloads, metadata patterns the metadata payload, custom objects a
// generic record or the type given; misspelt fields and patterns do not compile.
import {
  Webhooks,
  WebhookHandlerError,
  WebhookRequestError,
  memoryDedupe,
  verifyStream,
  deliveryId,
  isMetadataEvent,
  type Company,
  type Person,
  type TwentyMetadataEventPayload,
  type TwentyRecordEventPayload,
  type ReceiveResult,
  type DedupeStore,
  type ErrorCode,
} from "twenty-webhooks";
import { createFetchHandler, verifyRequest } from "twenty-webhooks/fetch";
import { createNodeMiddleware } from "twenty-webhooks/node";

const webhooks = new Webhooks({ secret: ["new", "old"], toleranceMs: 300_000, dedupe: memoryDedupe({ max: 10_000 }) });

webhooks.on("person.created", (event) => {
  const person: Person = event.payload.record;
  const first: string | undefined = person.name?.firstName;
  const email: string = event.payload.record.emails.primaryEmail;
  const id: string = event.deliveryId;
  const at: number = event.timestamp;
  // @ts-expect-error misspelt standard field
  event.payload.record.emails.primaryEmial;
  // @ts-expect-error misspelt standard field
  event.payload.record.jobTitel;
  // @ts-expect-error a person has no domainName
  event.payload.record.domainName;
  return [first, email, id, at];
});

webhooks.on("company.*", ({ payload }) => {
  const arr: number | null | undefined = payload.record.annualRecurringRevenue?.amountMicros;
  const owner: string | null = payload.record.accountOwnerId;
  return [arr, owner];
});

webhooks.on(["person.updated", "company.updated"], ({ payload }) => {
  const record: Person | Company = payload.record;
  const updated: string[] | undefined = payload.updatedFields;
  return [record.id, updated];
});

webhooks.on("workspaceMember.updated", ({ payload }) => payload.record.userEmail);
webhooks.on("task.created", ({ payload }) => payload.record.status === "IN_PROGRESS");
webhooks.on("opportunity.*", ({ payload }) => payload.record.amount?.currencyCode);
webhooks.on("note.deleted", ({ payload }) => payload.record.bodyV2?.markdown);

webhooks.on("metadata.fieldMetadata.created", ({ payload }) => {
  const metadata: TwentyMetadataEventPayload = payload;
  const name: string = payload.event.metadataName;
  const after: Record<string, unknown> = payload.event.properties.after; // "created": the action narrows the event
  // @ts-expect-error a created entity has no before-state
  payload.event.properties.before;
  // @ts-expect-error metadata events carry no record
  payload.record;
  return [metadata, name, after];
});
webhooks.on("metadata.view.*", ({ payload }) => {
  const type: "created" | "updated" | "deleted" = payload.event.type;
  if (payload.event.type === "updated") return payload.event.properties.diff;
  return type;
});

// A custom object: a generic record, or the type given.
webhooks.on("invoice.created", ({ payload }) => {
  const anything: unknown = payload.record.totalAmount;
  const id: string = payload.record.id;
  return [anything, id];
});
interface Invoice {
  id: string;
  number: string;
  total: { amountMicros: number; currencyCode: string };
}
webhooks.on<Invoice>("invoice.created", ({ payload }) => {
  const total: number = payload.record.total.amountMicros;
  // @ts-expect-error not a field of Invoice
  payload.record.totl;
  return total;
});
webhooks.on<Person & { tier: "gold" | "silver" }>(["person.created", "person.updated"], ({ payload }) => payload.record.tier === "gold");

// *.* gives either kind of payload: isMetadataEvent, or a key, tells them apart.
webhooks.on("*.*", ({ payload }) => (isMetadataEvent(payload) ? payload.event.recordId : payload.record.id));
webhooks.on("*.created", ({ payload }) => {
  const record: TwentyRecordEventPayload = payload; // *.<action> never receives metadata events
  return record.record.id;
});
webhooks.onAny((event) => event.payload.eventName);
webhooks.onError((error, event) => {
  const code: "HANDLER_FAILED" = error.code;
  const cause: unknown = error.cause;
  return [code, cause, event.deliveryId, error instanceof WebhookHandlerError];
});

// @ts-expect-error not an action Twenty sends
webhooks.on("person.create", () => {});
// @ts-expect-error a pattern names an object and an action
webhooks.on("person", () => {});
// @ts-expect-error a secret is text
new Webhooks({ secret: 42 });

async function receiving(headers: Headers, body: string): Promise<ReceiveResult> {
  const result = await webhooks.receive({ headers, body });
  const status: "handled" | "duplicate" | "unhandled" = result.status;
  const ran: number = result.handlers;
  const id: string = deliveryId(headers);
  return status === "handled" && ran > 0 && id === result.deliveryId ? result : result;
}

const redis: DedupeStore = { claim: async (_id: string, _ttlMs: number) => true };
new Webhooks({ secret: "s", dedupe: redis });

async function streaming(request: Request, stream: ReadableStream<Uint8Array>, chunks: AsyncIterable<Uint8Array>) {
  const a = await verifyStream({ secret: "s", headers: request.headers, body: stream, maxBodyBytes: 1_048_576 });
  const b = await verifyStream<TwentyRecordEventPayload<Person>>({ secret: ["s", "t"], headers: request.headers, body: chunks });
  const c = await verifyRequest(request, { secret: "s" });
  // @ts-expect-error either a secret or a verifier
  await verifyStream({ headers: request.headers, body: stream });
  const name: string | undefined = b.payload.record.name?.lastName;
  return [a.secretIndex, c.timestamp, name];
}

export const handler: (request: Request) => Promise<Response> = createFetchHandler(webhooks, { maxBodyBytes: 65_536, respondWithinMs: 3_000 });
export const middleware = createNodeMiddleware(webhooks, { path: "/hooks/twenty" });
// A Worker: fetch(request, env, ctx), ctx.waitUntil keeping handlers alive after a 202.
export const worker = { fetch: createFetchHandler(webhooks) };
worker.fetch(new Request("https://example.com/webhooks/twenty"), {}, { waitUntil: (promise: Promise<unknown>) => void promise });

function refused(error: unknown) {
  if (error instanceof WebhookRequestError) {
    const status: number = error.status;
    const code: ErrorCode = error.code;
    return [status, code];
  }
  return [];
}

export { receiving, streaming, refused };
