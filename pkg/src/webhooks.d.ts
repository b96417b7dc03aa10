/**
 * Receiving: the `Webhooks` router, deduplication, streaming verification, and the errors of
 * receiving over HTTP.
 */
import type {
  HeadersLike,
  RawBody,
  ReceiveErrorCode,
  TwentyAction,
  TwentyMetadataAction,
  TwentyMetadataEvent,
  TwentyMetadataEventPayload,
  TwentyRecordBase,
  TwentyRecordEventPayload,
  TwentyWebhookPayload,
  TwentyWebhooksError,
  VerifiedDelivery,
  Verifier,
} from "./index.js";
import type { StandardRecords } from "./records.js";

// ---------------------------------------------------------------------------------------------
// Event patterns and payloads

/** A record event pattern in Twenty's operation syntax: `person.created`, `person.*`, `*.deleted`, `*.*`. */
export type RecordEventPattern = `${string}.${TwentyAction | "*"}`;
/** A metadata event pattern: `metadata.fieldMetadata.created`, `metadata.view.*`, `metadata.*.deleted`, `metadata.*.*`. */
export type MetadataEventPattern = `metadata.${string}.${TwentyMetadataAction | "*"}`;
export type EventPattern = RecordEventPattern | MetadataEventPattern;

/** A metadata event's body, its `event` narrowed to the action when the pattern names one. */
export type MetadataPayloadFor<TAction extends string> = TAction extends TwentyMetadataAction
  ? TwentyMetadataEventPayload & { eventName: `metadata.${string}.${TAction}`; event: Extract<TwentyMetadataEvent, { type: TAction }> }
  : TwentyMetadataEventPayload;

/**
 * The payload a pattern receives: the standard object's record type for `person.*` and the
 * like, `TwentyRecordBase` for custom objects and `*.<action>`, the metadata payload for
 * `metadata.*`, either for `*.*`.
 */
export type PayloadFor<P extends string> = P extends `metadata.${string}.${infer TAction}`
  ? MetadataPayloadFor<TAction>
  : P extends "*.*"
    ? TwentyWebhookPayload
    : P extends `${infer TObject}.${string}`
      ? TwentyRecordEventPayload<TObject extends keyof StandardRecords ? StandardRecords[TObject] : TwentyRecordBase>
      : never;

/** What a handler receives. */
export interface WebhookEvent<TPayload = TwentyWebhookPayload> {
  /** The parsed body. */
  payload: TPayload;
  /**
   * The delivery's id: the same for every copy of it, derived from its signature; with
   * `forwarded`, the hop's signed `webhook-id` (the same id, carried by every retry).
   */
  deliveryId: string;
  /** The timestamp header, in epoch milliseconds (with `forwarded`: when the hop was signed, to the second). */
  timestamp: number;
  /** Which secret matched (its index in the list; 0 for a single secret). */
  secretIndex: number;
  /** The nonce header, if any (never with `forwarded`). Not signed: do not rely on it against replays. */
  nonce: string | undefined;
}

export type WebhookHandler<TPayload = TwentyWebhookPayload> = (event: WebhookEvent<TPayload>) => unknown;

// ---------------------------------------------------------------------------------------------
// Webhooks

/** Where claims on delivery ids are kept. `memoryDedupe()` is one; Redis `SET NX PX` makes another. */
export interface DedupeStore {
  /** Resolves true if `id` was not claimed (it is now, for `ttlMs`), false if it was. */
  claim(id: string, ttlMs: number): Promise<boolean>;
  /**
   * Forgets a claim (a delivery whose handlers failed), so that a re-send runs them again.
   * Without it a failed delivery stays claimed until its ttl, and a copy that arrives while the
   * original's handlers run is answered as a duplicate, never DELIVERY_IN_PROGRESS.
   */
  release?(id: string): Promise<void> | void;
}

export interface WebhooksOptions {
  /** The webhook's secret, or several during a rotation (any may match); with `forwarded`, the edge receiver's FORWARD_SECRET. */
  secret: string | readonly string[];
  /** How far a timestamp may lie before or after now, in milliseconds. Default 300000. */
  toleranceMs?: number;
  /** Runs each delivery's handlers once; a claim lasts twice `toleranceMs`. Default: none. */
  dedupe?: DedupeStore;
  /**
   * Deliveries come from the edge receiver (edge/): verify them with `verifyForwarded`, so the
   * delivery id is authenticated, and deduplicate on it (each retry of a hop is re-signed, so an
   * id derived from Twenty's signature would differ per attempt). A delivery straight from
   * Twenty, without the `webhook-*` headers, is refused (`MISSING_SIGNATURE`). Default false.
   */
  forwarded?: boolean;
}

export interface ReceiveInput {
  headers: HeadersLike;
  /** The raw body, exactly as received. */
  body: RawBody;
  /** The current time in epoch milliseconds, or a Date. Default `Date.now()`. */
  now?: number | Date;
}

export interface ReceiveResult {
  /** `handled`: a handler ran; `unhandled`: none matched; `duplicate`: a copy was received before. */
  status: "handled" | "duplicate" | "unhandled";
  deliveryId: string;
  /** How many handlers ran, `onAny` ones included. */
  handlers: number;
}

/**
 * Verifies deliveries and routes them to handlers by event name, with Twenty's operation syntax
 * and rule. Several matching handlers all run.
 *
 * @example
 * const webhooks = new Webhooks({ secret: process.env.TWENTY_WEBHOOK_SECRET!, dedupe: memoryDedupe() });
 * webhooks.on("person.created", ({ payload }) => console.log(payload.record.name?.firstName));
 */
export class Webhooks {
  constructor(options: WebhooksOptions);
  /** Runs `handler` for deliveries whose event name a pattern matches; the payload is typed by the patterns. */
  on<const TPattern extends EventPattern>(patterns: TPattern | readonly TPattern[], handler: WebhookHandler<PayloadFor<TPattern>>): this;
  /** The same, with the record type given: `on<MyRecord>("myObject.created", …)`. */
  on<TRecord extends object>(patterns: EventPattern | readonly EventPattern[], handler: WebhookHandler<TwentyRecordEventPayload<TRecord>>): this;
  /** Runs `handler` for every verified delivery. */
  onAny(handler: WebhookHandler): this;
  /**
   * Runs when handlers threw, before `receive` rejects with the same error. The HTTP adapters
   * answer 500 without waiting for it (it goes on, kept alive with `waitUntil` in Workers).
   */
  onError(handler: (error: WebhookHandlerError, event: WebhookEvent) => unknown): this;
  /**
   * Verifies and dispatches one delivery. Rejects with WebhookVerificationError (no handler
   * runs), WebhookPayloadError INVALID_JSON, WebhookHandlerError, or, with a `dedupe` store that
   * has `release`, WebhookRequestError DELIVERY_IN_PROGRESS (409) for a copy that arrives while
   * this instance is still running the original's handlers, not yet answered 202 (they may yet
   * fail, and a re-send then runs them), or after they failed until the store answers the release.
   */
  receive(input: ReceiveInput): Promise<ReceiveResult>;
}

export interface MemoryDedupeOptions {
  /** Most claims held; past it, expired claims go first, then the oldest. Default 10000. */
  max?: number;
  /** The clock, in epoch milliseconds. Default `Date.now`. */
  now?: () => number;
}

/** Claims held in this process's memory. */
export function memoryDedupe(options?: MemoryDedupeOptions): Required<DedupeStore> & { readonly size: number };

// ---------------------------------------------------------------------------------------------
// Streaming verification

/** A body that may still be arriving: a Web stream, a Node `Readable` or any async iterable of bytes, or one already read. */
export type StreamingBody = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string> | RawBody;

export type VerifyStreamOptions = (
  | { secret: string | readonly string[]; verifier?: undefined; toleranceMs?: number }
  | { verifier: Verifier; secret?: undefined; toleranceMs?: undefined }
) & {
  headers: HeadersLike;
  body: StreamingBody;
  /** Default 1048576 (1 MiB). */
  maxBodyBytes?: number;
  now?: number | Date;
};

/**
 * Verifies a delivery while its body streams in, hashing each piece as it arrives; memory
 * stays within `maxBodyBytes`. Rejects with WebhookVerificationError, or WebhookRequestError
 * PAYLOAD_TOO_LARGE.
 */
export function verifyStream<TPayload = TwentyWebhookPayload>(options: VerifyStreamOptions): Promise<VerifiedDelivery<TPayload>>;

/** Default body cap of the adapters and `verifyStream`: 1048576 bytes (1 MiB). */
export const DEFAULT_MAX_BODY_BYTES: 1048576;

// ---------------------------------------------------------------------------------------------
// Errors of receiving

export type RequestErrorCode = Exclude<ReceiveErrorCode, "HANDLER_FAILED" | "INTERNAL_ERROR">;

/** A request refused for its method, media type, size or body; `status` is the HTTP status that answers it. */
export class WebhookRequestError extends TwentyWebhooksError {
  constructor(code: RequestErrorCode, options?: { cause?: unknown });
  readonly code: RequestErrorCode;
  readonly status: 400 | 404 | 405 | 413 | 415 | 500;
}

/** Handlers threw. The answer to the sender (500 HANDLER_FAILED) names none of the details. */
export class WebhookHandlerError extends TwentyWebhooksError {
  constructor(errors: unknown[], deliveryId: string);
  readonly code: "HANDLER_FAILED";
  /** The error thrown, or an AggregateError when several handlers threw. */
  readonly cause: unknown;
  readonly errors: unknown[];
  readonly deliveryId: string;
}
