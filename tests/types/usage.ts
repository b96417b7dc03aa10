// Compiled by `tsc -p tests/types` (the `types` suite): typed usage must compile, and each
// `@ts-expect-error` line is misuse the definitions must reject (tsc fails if one compiles).
import {
  type ErrorCode,
  type Finding,
  type TwentyMetadataEventPayload,
  type TwentyRecordEventPayload,
  type TwentyWebhookPayload,
  type VerificationErrorCode,
  Verifier,
  WebhookVerificationError,
  buildPayload,
  diagnose,
  generateSecret,
  init,
  isMetadataEvent,
  matchesOperations,
  sampleMetadataEvent,
  sampleRecord,
  sign,
  signRequest,
  verify,
} from "twenty-webhooks";

interface Person {
  id: string;
  name: { firstName: string; lastName: string };
}

export async function handle(request: Request): Promise<Response> {
  await init();
  const body = await request.text();
  try {
    const { payload, timestamp, nonce, secretIndex } = verify<TwentyWebhookPayload<Person>>({ secret: ["old", "new"], headers: request.headers, body });
    // @ts-expect-error a payload may be a metadata event's, which has no record
    payload.record;
    if (isMetadataEvent(payload)) {
      const metadataName: string = payload.event.metadataName;
      const after = payload.event.type === "deleted" ? undefined : payload.event.properties.after;
      const diff = payload.event.type === "updated" ? payload.event.properties.diff : {};
      const byKey: string | undefined = payload.apiKeyId;
      // @ts-expect-error a metadata payload has no record
      payload.record;
      return Response.json({ metadataName, id: after?.id, diff, byKey });
    }
    const recordPayload: TwentyRecordEventPayload<Person> = payload;
    const first: string = payload.record.name.firstName;
    const when: number = timestamp;
    const maybeNonce: string | undefined = nonce;
    const index: number = secretIndex;
    // @ts-expect-error payload.record is a Person, which has no email
    payload.record.email;
    return Response.json({ first, when, maybeNonce, index, event: recordPayload.eventName, updated: payload.updatedFields?.length });
  } catch (error) {
    if (error instanceof WebhookVerificationError) {
      const code: VerificationErrorCode = error.code;
      // @ts-expect-error not a verification code
      const wrong: VerificationErrorCode = "INVALID_EVENT_NAME";
      return Response.json({ code, hint: error.hint, wrong }, { status: 401 });
    }
    throw error;
  }
}

export function tools(): void {
  const verifier = new Verifier("secret", { toleranceMs: 60_000 });
  verifier.verify({ "x-twenty-webhook-signature": "…" }, new Uint8Array(0), Date.now());
  verifier.verify(new Map([["x-twenty-webhook-signature", "…"]]), new ArrayBuffer(0));
  verifier.free();
  // @ts-expect-error a parsed object is not a raw body
  verifier.verify({}, { eventName: "person.created" });

  const record = sampleRecord("person", { seed: 1, action: "deleted" });
  const id: string = record.id;
  // @ts-expect-error not an action Twenty delivers
  sampleRecord("person", { action: "create" });

  const body: string = buildPayload({ targetUrl: "https://example.com", eventName: "person.created", record, eventDate: new Date() });
  const signed = signRequest({ secret: generateSecret(), body });
  const signature: string | undefined = signed.headers["X-Twenty-Webhook-Signature"];
  const same: string = sign("secret", Date.now(), body);
  const matched: boolean = matchesOperations(["*.*"], "person.created") && matchesOperations(["metadata.*.*"], "metadata.view.created");
  const change = sampleMetadataEvent("view", { seed: 1, action: "updated" });
  const metadataBody: string = buildPayload({ targetUrl: "https://example.com", eventName: "metadata.view.updated", event: change, apiKeyId: "key" });
  // @ts-expect-error records are not sent for metadata actions Twenty never sends
  sampleMetadataEvent("view", { action: "restored" });
  // @ts-expect-error a metadata event carries event, not record
  buildPayload({ targetUrl: "https://example.com", eventName: "metadata.view.updated", event: change, record });
  // @ts-expect-error a record event carries record, not event
  buildPayload({ targetUrl: "https://example.com", eventName: "person.created", record, event: change });
  const parsed: TwentyMetadataEventPayload | TwentyWebhookPayload = JSON.parse(metadataBody);
  const isMetadata: boolean = isMetadataEvent(parsed);
  // @ts-expect-error operations is a list
  matchesOperations("*.*", "person.created");

  const findings: Finding[] = diagnose({ secret: "s", headers: signed.headers, body });
  verify({ secret: "s", headers: signed.headers, body: signed.body });
  const codes: string[] = findings.filter((f) => f.severity === "error").map((f) => f.code);
  const any: ErrorCode = "NOT_INITIALIZED";
  const mine = new WebhookVerificationError({ code: "SIGNATURE_MISMATCH", message: "m", hint: "h" });
  // @ts-expect-error an error is made from { code, message, hint }, not a message alone
  new WebhookVerificationError("mismatch");
  void mine;
  void [id, signature, same, matched, codes, any, isMetadata];
}

import { deliveryId } from "twenty-webhooks";

export function deliveryIds(request: Request, nodeHeaders: Record<string, string | string[] | undefined>): string[] {
  // @ts-expect-error the id comes from the headers, not from the body
  deliveryId("{}");
  return [deliveryId(request.headers), deliveryId(nodeHeaders), deliveryId(new Map([["x-twenty-webhook-signature", "ab"]]))];
}

import { FORWARDED_HEADERS, signForwarded, verifyForwarded } from "twenty-webhooks";

export function forwarded(request: Request, body: string): string {
  const headers = signForwarded({ secret: "whsec_aG9w", deliveryId: "id", body });
  const signature: string = headers[FORWARDED_HEADERS.signature];
  // @ts-expect-error the delivery id is required: the signature covers it
  signForwarded({ secret: "s", body });
  const { payload, deliveryId, timestamp } = verifyForwarded({ secret: ["new", "old"], headers: request.headers, body, toleranceMs: 60_000 });
  void [signature, payload.eventName, timestamp];
  return deliveryId;
}
