/**
 * twenty-webhooks/node: receiving with node:http, Express 4 and 5, and Connect.
 */
import type { ReceiveOptions } from "./fetch.js";
import type { Webhooks } from "./webhooks.js";

export type { ReceiveOptions };

export interface NodeMiddlewareOptions extends ReceiveOptions {
  /** The pathname deliveries are received at (query ignored). Default `/webhooks/twenty`. */
  path?: string;
}

/** What the middleware reads of a request: node:http's IncomingMessage and Express's Request fit. */
export interface NodeRequest {
  method?: string;
  url?: string;
  /** Express's full URL, used before `url` when present. */
  originalUrl?: string;
  headers: Record<string, string | string[] | undefined>;
  /** A Buffer from `express.raw` is used as the raw body. */
  body?: unknown;
  readonly complete: boolean;
  readonly readableEnded: boolean;
  on(event: string, listener: (...args: any[]) => void): unknown;
}

/** What the middleware uses of a response: node:http's ServerResponse and Express's Response fit. */
export interface NodeResponse {
  readonly headersSent: boolean;
  writeHead(status: number, headers: Record<string, string | number>): unknown;
  end(body: string): unknown;
}

/** The default path: `/webhooks/twenty`. */
export const DEFAULT_PATH: "/webhooks/twenty";

/**
 * A `(req, res, next?)` middleware answering Twenty's deliveries at `path`; other requests go to
 * `next()`, or get 404 without it.
 *
 * @example
 * createServer(createNodeMiddleware(webhooks)).listen(3000);
 * app.use(createNodeMiddleware(webhooks)); // Express: before express.json()
 */
export function createNodeMiddleware(
  webhooks: Webhooks,
  options?: NodeMiddlewareOptions,
): (req: NodeRequest, res: NodeResponse, next?: (error?: unknown) => void) => void;
