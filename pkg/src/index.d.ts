/**
 * twenty-webhooks: verify, sign and build Twenty CRM webhook deliveries exactly as Twenty's
 * server does. One implementation (Rust compiled to WebAssembly) for browsers, Node, Deno, Bun
 * and Cloudflare Workers.
 */

// ---------------------------------------------------------------------------------------------
// Errors

/** Codes of errors thrown while verifying (`WebhookVerificationError`). */
export type VerificationErrorCode =
  | "MISSING_SIGNATURE"
  | "MISSING_TIMESTAMP"
  | "MALFORMED_SIGNATURE"
  | "MALFORMED_TIMESTAMP"
  | "TIMESTAMP_TOO_OLD"
  | "TIMESTAMP_TOO_NEW"
  | "SIGNATURE_MISMATCH"
  | "INVALID_SECRET"
  | "INVALID_BODY";

/** Codes of errors thrown while building payloads or sample records (`WebhookPayloadError`). */
export type PayloadErrorCode =
  | "INVALID_EVENT_NAME"
  | "EVENT_OBJECT_MISMATCH"
  | "INVALID_EVENT_DATE"
  | "INVALID_EVENT"
  | "UNSERIALIZABLE_VALUE"
  | "INVALID_OBJECT_NAME"
  | "INVALID_JSON";

/** Codes of misuse errors (`TwentyWebhooksError` itself). */
export type UsageErrorCode = "INVALID_ARGUMENT" | "NOT_INITIALIZED";

export type ErrorCode = VerificationErrorCode | PayloadErrorCode | UsageErrorCode;

/** What an error is made of. */
export interface ErrorInfo<TCode extends ErrorCode = ErrorCode> {
  code: TCode;
  message: string;
  hint: string;
}

/** Base class of every error this package throws. Messages and hints never contain a secret. */
export class TwentyWebhooksError extends Error {
  constructor(info: ErrorInfo);
  /** Stable code to match on. */
  readonly code: ErrorCode;
  /** How to fix it, in a sentence or two. */
  readonly hint: string;
}

/** A delivery, secret or body that cannot be verified. */
export class WebhookVerificationError extends TwentyWebhooksError {
  constructor(info: ErrorInfo<VerificationErrorCode>);
  readonly code: VerificationErrorCode;
}

/** An event or record that cannot become a Twenty payload. */
export class WebhookPayloadError extends TwentyWebhooksError {
  constructor(info: ErrorInfo<PayloadErrorCode>);
  readonly code: PayloadErrorCode;
}

// ---------------------------------------------------------------------------------------------
// The payload Twenty sends

/** The actions Twenty delivers to webhooks. */
export type TwentyAction = "created" | "updated" | "deleted" | "restored" | "destroyed";

/** An actor in `createdBy` / `updatedBy`. */
export interface TwentyActor {
  source: "EMAIL" | "CALENDAR" | "WORKFLOW" | "AGENT" | "API" | "IMPORT" | "MANUAL" | "SYSTEM" | "WEBHOOK" | "APPLICATION";
  workspaceMemberId: string | null;
  name: string;
  context: Record<string, unknown>;
}

/** Fields every Twenty record has. */
export interface TwentyRecordBase {
  id: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  position?: number;
  createdBy?: TwentyActor;
  updatedBy?: TwentyActor;
  [field: string]: unknown;
}

/** The body Twenty POSTs, keys in this order; optional keys are absent, never null. */
export interface TwentyWebhookPayload<TRecord = TwentyRecordBase> {
  targetUrl: string;
  /** `<objectNameSingular>.<action>`, e.g. `person.created`. */
  eventName: `${string}.${TwentyAction}` | (string & {});
  objectMetadata: { id: string; nameSingular: string };
  workspaceId: string;
  webhookId: string;
  /** ISO-8601 UTC with milliseconds, e.g. `2024-12-24T18:57:19.761Z`. */
  eventDate: string;
  /** Present when a signed-in user made the change. */
  userId?: string;
  workspaceMemberId?: string;
  /** After-state; the last state for `destroyed`. */
  record: TRecord;
  /** On `updated`, `deleted` and `restored`. */
  updatedFields?: string[];
}

// ---------------------------------------------------------------------------------------------
// Verification

/** Headers in any common shape: Web `Headers`, Node's `req.headers`, a `Map`, or pairs. */
export type HeadersLike =
  | Headers
  | Map<string, string | string[]>
  | Iterable<readonly [string, string]>
  | Record<string, string | string[] | number | undefined>;

/** The raw body exactly as received: text, bytes (any view, e.g. a Node Buffer) or an ArrayBuffer. */
export type RawBody = string | Uint8Array | ArrayBufferView | ArrayBuffer;

export interface VerifyOptions {
  /** The webhook's secret, or several during a rotation (any may match). */
  secret: string | readonly string[];
  headers: HeadersLike;
  body: RawBody;
  /** How far a timestamp may lie before or after `now`, in milliseconds. Default 300000. */
  toleranceMs?: number;
  /** The current time in epoch milliseconds, or a Date. Default `Date.now()`. */
  now?: number | Date;
}

export interface VerifiedDelivery<TPayload = TwentyWebhookPayload> {
  /**
   * The parsed body: a getter that decodes and parses the body on first read, never before
   * (destructure it; a spread copies only the other fields). A body given as bytes must stay
   * unchanged until then. Throws WebhookPayloadError INVALID_JSON if the body is not JSON, and
   * WebhookVerificationError INVALID_BODY if its buffer has been released (detached) since.
   */
  readonly payload: TPayload;
  /** The timestamp header, in epoch milliseconds. */
  timestamp: number;
  /** The nonce header, if any. Not signed: do not rely on it against replays. */
  nonce: string | undefined;
  /** Which secret matched (its index in the list; 0 for a single secret). */
  secretIndex: number;
}

/** Verifies one delivery; throws WebhookVerificationError. */
export function verify<TPayload = TwentyWebhookPayload>(options: VerifyOptions): VerifiedDelivery<TPayload>;

/** A verifier keyed once (the fast path). Reuse one instance for many deliveries. */
export class Verifier {
  constructor(secretOrSecrets: string | readonly string[], options?: { toleranceMs?: number });
  /** Throws WebhookVerificationError. */
  verify<TPayload = TwentyWebhookPayload>(headers: HeadersLike, body: RawBody, now?: number | Date): VerifiedDelivery<TPayload>;
  /** Releases the wasm memory now rather than at garbage collection. */
  free(): void;
}

/** Default tolerance: 300000 ms (five minutes). */
export const DEFAULT_TOLERANCE_MS: 300000;

/** The largest body diagnose() examines: 1 MiB. Larger ones are refused (INVALID_ARGUMENT). */
export const DIAGNOSE_MAX_BODY_BYTES: 1048576;

/** Twenty's header names as Twenty writes them (compare case-insensitively). */
export const TWENTY_HEADERS: {
  readonly timestamp: "X-Twenty-Webhook-Timestamp";
  readonly signature: "X-Twenty-Webhook-Signature";
  readonly nonce: "X-Twenty-Webhook-Nonce";
};

// ---------------------------------------------------------------------------------------------
// Signing and building

/** Lowercase hex HMAC-SHA256 of `${timestamp}:${body}`, keyed by the secret's UTF-8 bytes. */
export function sign(secret: string, timestamp: number | string | Date, body: RawBody): string;

/** Twenty's headers, in Twenty's order. Only Content-Type when the secret is empty. */
export type TwentyRequestHeaders = {
  "Content-Type": "application/json";
  "X-Twenty-Webhook-Timestamp"?: string;
  "X-Twenty-Webhook-Signature"?: string;
  "X-Twenty-Webhook-Nonce"?: string;
};

export interface SignRequestOptions<TBody extends RawBody = string> {
  /** The webhook's secret; empty gives an unsigned delivery, as Twenty sends. */
  secret: string;
  body: TBody;
  /** Epoch milliseconds. Default `Date.now()`. */
  timestamp?: number | string | Date;
  /** Default: a fresh 32-hex-digit nonce. */
  nonce?: string;
}

/** The body and headers of a delivery exactly as Twenty would send it. */
export function signRequest<TBody extends RawBody = string>(options: SignRequestOptions<TBody>): { body: TBody; headers: TwentyRequestHeaders };

/** An event to build a payload from. Missing ids are random UUIDs; `eventDate` defaults to now. */
export interface TwentyWebhookEvent<TRecord = Record<string, unknown>> {
  targetUrl: string;
  /** `<object>.<created|updated|deleted|restored|destroyed>`. */
  eventName: string;
  objectMetadata?: { id?: string; nameSingular?: string };
  workspaceId?: string;
  webhookId?: string;
  /** A Date, epoch milliseconds, or an ISO-8601 string with a zone. Default: now. */
  eventDate?: Date | number | string;
  userId?: string;
  workspaceMemberId?: string;
  record: TRecord;
  updatedFields?: readonly string[];
}

/** The exact body Twenty's server sends for the event (JSON.stringify's bytes, Twenty's key order). */
export function buildPayload(event: TwentyWebhookEvent): string;

export type StandardObject = "person" | "company" | "opportunity" | "task" | "note";

export interface SampleRecordOptions {
  /** The same seed gives the same record. Default: random. */
  seed?: number;
  /** The event's time (updatedAt, deletedAt). Default: now. */
  now?: Date | number | string;
  /** `deleted` and `destroyed` records have `deletedAt` set. Default `created`. */
  action?: TwentyAction;
}

/** A realistic record of a standard object, or of a custom object (name and system fields). */
export function sampleRecord(objectNameSingular: StandardObject | (string & {}), options?: SampleRecordOptions): TwentyRecordBase;

/** Twenty's rule: `<obj>.<action>`, `*.<action>`, `<obj>.*` or `*.*` listed; `workflowRun.updated` only exactly. */
export function matchesOperations(operations: readonly string[], eventName: string): boolean;

/** A new secret as Twenty generates one: 64 lowercase hex digits from crypto.getRandomValues. */
export function generateSecret(): string;

// ---------------------------------------------------------------------------------------------
// Diagnostics

export type FindingCode =
  | "BODY_PARSED"
  | "SECRET_INVALID"
  | "HEADER_MISSING"
  | "HEADER_RENAMED"
  | "SIGNATURE_PREFIXED"
  | "SIGNATURE_BASE64"
  | "SIGNATURE_MALFORMED"
  | "TIMESTAMP_MALFORMED"
  | "TIMESTAMP_IN_SECONDS"
  | "CLOCK_SKEW"
  | "BODY_RESERIALIZED"
  | "DOUBLE_STRINGIFIED"
  | "SIGNED_WITHOUT_TIMESTAMP"
  | "WRONG_SEPARATOR"
  | "SECRET_WHITESPACE"
  | "SECRET_DECODED"
  | "BODY_NOT_JSON"
  | "WRONG_SECRET";

export interface Finding {
  code: FindingCode;
  /** "error" findings keep the delivery from verifying; "warning" ones alone do not. */
  severity: "error" | "warning";
  message: string;
  hint: string;
}

export interface DiagnoseOptions {
  secret: string | readonly string[];
  headers: HeadersLike;
  /** The body as you have it; a parsed object is itself reported (BODY_PARSED). */
  body: RawBody | object;
  now?: number | Date;
  toleranceMs?: number;
}

/**
 * Why a delivery does not verify. A delivery that verifies has no "error" finding. A developer
 * tool, not for unauthenticated traffic: bodies over DIAGNOSE_MAX_BODY_BYTES are refused.
 */
export function diagnose(options: DiagnoseOptions): Finding[];

/**
 * Loads the wasm. Required (once, awaited) in browsers; resolves at once in Node, Deno, Bun and
 * workerd. In browsers, pass a URL, Response, bytes or WebAssembly.Module to load it from elsewhere.
 */
export function init(wasm?: URL | string | Response | BufferSource | WebAssembly.Module): Promise<void>;
