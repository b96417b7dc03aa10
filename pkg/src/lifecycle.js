/**
 * @module twenty-webhooks/lifecycle
 * Whether the wasm module is loaded, its memory, and calls into it. Node and workerd load it at
 * import; browsers load it in `init()`, and calling the API before that resolves is a clear
 * error, not a crash inside the glue code.
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { fromInfo, notInitializedError } from "./errors.js";

let exports;

/** Called by each runtime entry with the instantiated module's exports. */
export function markReady(wasmExports) {
  exports = wasmExports;
}

export function assertReady() {
  if (exports === undefined) {
    throw notInitializedError();
  }
}

/** The module's linear memory (its buffer is replaced whenever the memory grows). */
export function wasmMemory() {
  return exports.memory;
}

/** Calls into wasm, turning its error records into error classes. */
export function callWasm(fn) {
  assertReady();
  try {
    return fn();
  } catch (error) {
    throw typeof error?.kind === "string" && typeof error.code === "string" ? fromInfo(error) : error;
  }
}

/** An error detected from JavaScript types alone, with its texts from the Rust core. */
export function inputError(which, detail) {
  assertReady();
  return fromInfo(wasm.inputError(wasm.InputError[which], String(detail)));
}
