/**
 * @module twenty-webhooks/cli/events
 * Realistic deliveries for `trigger` (and `sign --curl` without a body): an event name becomes a
 * source of bodies built by buildPayload, one fresh event per call, all from one webhook of one
 * workspace. Each kind of event Twenty sends is one entry of EVENT_KINDS.
 */
import { randomUUID } from "node:crypto";
import { buildPayload, isMetadataEvent, sampleMetadataEvent, sampleRecord } from "../node.js";

/** Fields every record has; an `updated` sample names the first other field as changed. */
const SYSTEM_FIELDS = new Set(["id", "createdAt", "updatedAt", "deletedAt", "position", "createdBy", "updatedBy"]);

/** Metadata events: `metadata.<metadataName>.<action>`, with sampleMetadataEvent or the event given. */
const metadataEvents = {
  accepts: (eventName) => isMetadataEvent({ eventName }),
  source(eventName, { targetUrl, given, ids }) {
    const [, metadataName, action] = eventName.split(".");
    buildPayload({ targetUrl, eventName, event: {} }); // the event name's own error, before the sample's
    return () => {
      const now = Date.now();
      return buildPayload({
        targetUrl,
        eventName,
        workspaceId: ids.workspaceId,
        webhookId: ids.webhookId,
        eventDate: now,
        userId: ids.userId,
        event: given ?? sampleMetadataEvent(metadataName, { now, action }),
      });
    };
  },
};

/** Record events: `<object>.<action>`, with sampleRecord or the record given. */
const recordEvents = {
  accepts: () => true,
  source(eventName, { targetUrl, given, ids }) {
    const [objectName, action] = eventName.split(".");
    const objectMetadata = { id: randomUUID(), nameSingular: objectName };
    buildPayload({ targetUrl, eventName, record: {} }); // the event name's own error, before sampleRecord's
    return () => {
      const now = Date.now();
      const record = given ?? sampleRecord(objectName, { now, action });
      return buildPayload({
        targetUrl,
        eventName,
        objectMetadata,
        workspaceId: ids.workspaceId,
        webhookId: ids.webhookId,
        eventDate: now,
        userId: ids.userId,
        workspaceMemberId: ids.workspaceMemberId,
        record,
        ...updatedFields(action, record),
      });
    };
  },
};

/** Twenty lists changed fields on updated, deleted and restored events. */
function updatedFields(action, record) {
  if (action === "deleted" || action === "restored") return { updatedFields: ["deletedAt"] };
  if (action !== "updated") return {};
  const changed = Object.keys(record ?? {}).find((field) => !SYSTEM_FIELDS.has(field));
  return { updatedFields: [changed ?? "updatedAt"] };
}

/** The first kind that accepts an event name sends it. */
const EVENT_KINDS = [metadataEvents, recordEvents];

/**
 * A function that returns a new body for `eventName` on each call. `given` is the user's
 * record (or metadata event), used in every body; without it each body has a new sample. The
 * first body is built at once, so that a bad event name or record fails before anything is sent.
 */
export function eventBodies(eventName, { targetUrl, given }) {
  const ids = { workspaceId: randomUUID(), webhookId: randomUUID(), userId: randomUUID(), workspaceMemberId: randomUUID() };
  const next = EVENT_KINDS.find((kind) => kind.accepts(eventName)).source(eventName, { targetUrl, given, ids });
  let first = next();
  return () => {
    const body = first ?? next();
    first = undefined;
    return body;
  };
}
