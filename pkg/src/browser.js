/**
 * @module twenty-webhooks (browser and default conditions)
 * `init()` fetches the .wasm beside this file (bundlers follow the `new URL(…, import.meta.url)`)
 * once; every call after it resolves is synchronous.
 */
import initWasm from "../dist/wasm/twenty_webhooks.js";
import { markReady } from "./lifecycle.js";

export * from "./api.js";

let loading;

/**
 * Loads the wasm. Call once and await it before anything else; later calls return the same
 * promise. Pass a URL, Response, bytes or WebAssembly.Module to load it from elsewhere.
 */
export function init(wasm) {
  loading ??= initWasm({ module_or_path: wasm ?? new URL("../dist/wasm/twenty_webhooks_bg.wasm", import.meta.url) }).then(
    (exports) => markReady(exports),
    (error) => {
      loading = undefined; // allow a retry, e.g. after a network failure
      throw error;
    },
  );
  return loading;
}
