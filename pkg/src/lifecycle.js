/**
 * @module twenty-webhooks/lifecycle
 * Whether the wasm module is loaded, and its memory. Node and workerd load it at import;
 * browsers load it in `init()`, and calling the API before that resolves is a clear error, not
 * a crash inside the glue code.
 */
import { TwentyWebhooksError } from "./errors.js";

let exports;

/** Called by each runtime entry with the instantiated module's exports. */
export function markReady(wasmExports) {
  exports = wasmExports;
}

export function assertReady() {
  if (exports === undefined) {
    throw new TwentyWebhooksError({
      code: "NOT_INITIALIZED",
      message: "twenty-webhooks: the WebAssembly module is not loaded yet.",
      hint: "await init() once before the first call (browsers load the .wasm file asynchronously).",
    });
  }
}

/** The module's linear memory (its buffer is replaced whenever the memory grows). */
export function wasmMemory() {
  return exports.memory;
}
