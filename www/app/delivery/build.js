/**
 * @module delivery/build
 * The request the tester previews and sends: Twenty's body for the event (`buildPayload`)
 * and its headers (`signRequest`), for one webhook.
 */
import { buildPayload, signRequest } from "twenty-webhooks";

/** Blank optional inputs fall back to Twenty's behaviour: now, a fresh nonce, no user. */
export function buildDelivery({ webhook, event, record, updatedFields, ids, eventDate, timestamp, nonce }) {
  const body = buildPayload({
    targetUrl: webhook.targetUrl,
    eventName: `${event.object}.${event.action}`,
    objectMetadata: { id: ids.objectMetadataId, nameSingular: event.object },
    workspaceId: ids.workspaceId,
    webhookId: webhook.id,
    eventDate: eventDate || undefined,
    userId: ids.userId || undefined,
    workspaceMemberId: ids.workspaceMemberId || undefined,
    record,
    updatedFields,
  });
  const { headers } = signRequest({ secret: webhook.secret, body, timestamp: timestamp || undefined, nonce: nonce || undefined });
  return { url: webhook.targetUrl, headers, body };
}

/** The same request with its body changed after signing, as an attacker would: it must be refused. */
export function tamperWith(delivery) {
  return { ...delivery, body: `${delivery.body.slice(0, -1)},"tampered":true}` };
}
