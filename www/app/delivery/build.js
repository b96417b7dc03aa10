/**
 * @module delivery/build
 * The request the tester previews and sends: Twenty's body for the event (`buildPayload`)
 * and its headers (`signRequest`), for one webhook. A record event carries the object's
 * metadata, the record and the updated fields; a metadata event carries Twenty's `event`.
 */
import { buildPayload, signRequest } from "twenty-webhooks";
import { isMetadataEntity } from "../objects.js";

/** Blank optional inputs fall back to Twenty's behaviour: now, a fresh nonce, no user. */
export function buildDelivery({ webhook, event, record, updatedFields, metadataEvent, ids, eventDate, timestamp, nonce }) {
  const common = {
    targetUrl: webhook.targetUrl,
    eventName: `${event.object}.${event.action}`,
    workspaceId: ids.workspaceId,
    webhookId: webhook.id,
    eventDate: eventDate || undefined,
    userId: ids.userId || undefined,
  };
  const body = isMetadataEntity(event.object)
    ? buildPayload({ ...common, apiKeyId: ids.apiKeyId || undefined, event: metadataEvent })
    : buildPayload({
        ...common,
        objectMetadata: { id: ids.objectMetadataId, nameSingular: event.object },
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
