/**
 * @module twenty-webhooks (node condition: Node, Deno, Bun)
 * Reads the .wasm beside this package and instantiates it synchronously at import.
 */
import { readFileSync } from "node:fs";
import { initSync } from "../dist/wasm/twenty_webhooks.js";
import { markReady } from "./lifecycle.js";

markReady(initSync({ module: readFileSync(new URL("../dist/wasm/twenty_webhooks_bg.wasm", import.meta.url)) }));

export * from "./api.js";

/** Nothing to wait for here; present so that code is the same in every runtime. */
export async function init() {}
