/**
 * @module twenty-webhooks (workerd condition: Cloudflare Workers)
 * Imports the .wasm as a module, which wrangler uploads beside the Worker: production workerd
 * refuses to compile wasm from bytes at run time.
 */
import wasmModule from "../dist/wasm/twenty_webhooks_bg.wasm";
import { initSync } from "../dist/wasm/twenty_webhooks.js";
import { markReady } from "./lifecycle.js";

markReady(initSync({ module: wasmModule }));

export * from "./api.js";

/** Nothing to wait for here; present so that code is the same in every runtime. */
export async function init() {}
