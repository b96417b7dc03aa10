/**
 * @module twenty-webhooks/lifecycle
 * Whether the wasm module is loaded, its memory, and calls into it. Node and workerd load it at
 * import; browsers load it in `init()`, and calling the API before that resolves is a clear
 * error, not a crash inside the glue code.
 *
 * Recovery, by construction: no caller code runs inside wasm (the facade takes only strings,
 * numbers and bytes that this layer has already read), so the only exceptions that can unwind
 * through wasm frames are the ones nothing prevents: a stack overflow or running out of memory.
 * Such an exit leaves the instance in an unknown state (its stack pointer lowered, a
 * Verifier's borrow flag held, the allocator perhaps mid-update). Every call into wasm sets
 * `instance.entered` before and clears it after; one that did not return leaves it set, and the
 * next call replaces the instance with a fresh one from the same compiled module first. Nothing
 * has to run in the failing call itself, where no stack may be left. Every `Verifier` re-keys
 * itself on its next use (its generation is no longer `instance.generation`).
 */
import * as wasm from "../dist/wasm/twenty_webhooks.js";
import { fromInfo, notInitializedError } from "./errors.js";

let exports;

/**
 * The current wasm instance: `generation` changes whenever it is replaced (wasm objects made
 * under another are stale); `entered` is set while a call into it is under way.
 */
export const instance = { generation: 0, entered: false };

/** Called by each runtime entry with the instantiated module's exports. */
export function markReady(wasmExports) {
  exports = wasmExports;
}

/** Throws NOT_INITIALIZED before the module is loaded; replaces an instance left inconsistent. */
export function assertReady() {
  if (exports === undefined) {
    throw notInitializedError();
  }
  if (instance.entered) replaceInstance();
}

/** The module's linear memory (its buffer is replaced whenever the memory grows). */
export function wasmMemory() {
  return exports.memory;
}

/**
 * Calls into wasm, turning its error records into error classes. `fn` passes only values this
 * layer has read already; any other exception left wasm abnormally, and goes on to the caller
 * with `instance.entered` still set.
 */
export function callWasm(fn) {
  assertReady();
  instance.entered = true;
  let result;
  try {
    result = fn();
  } catch (error) {
    if (!isErrorRecord(error)) throw error;
    instance.entered = false;
    throw fromInfo(error);
  }
  instance.entered = false;
  return result;
}

/** Growth that a transient call may leave behind before its memory is given back. */
const TRANSIENT_GROWTH_BYTES = 1024 * 1024;

/**
 * `callWasm` for a call whose memory is needed only while it runs (diagnose's re-serialised
 * readings of a body): wasm memory cannot shrink, so when the call grew it by more than
 * TRANSIENT_GROWTH_BYTES the instance is replaced, which gives the memory back; Verifiers
 * re-key on their next use.
 */
export function callWasmTransient(fn) {
  assertReady();
  const before = exports.memory.buffer.byteLength;
  const result = callWasm(fn);
  if (exports.memory.buffer.byteLength - before > TRANSIENT_GROWTH_BYTES) replaceInstance();
  return result;
}

/** A fresh instance of the same compiled module; every wasm object of the old one is stale. */
function replaceInstance() {
  instance.generation++;
  wasm.__wbg_reset_state();
  exports = wasm.initSync(); // returns the current instance's exports
  instance.entered = false;
}

/** The wasm's error records are plain `{ kind, code, message, hint }` objects of its making. */
function isErrorRecord(error) {
  try {
    return Object.getPrototypeOf(error) === Object.prototype && typeof error.kind === "string" && typeof error.code === "string";
  } catch {
    return false;
  }
}

/** An error detected from JavaScript types alone, with its texts from the Rust core. */
export function inputError(which, detail) {
  return callWasm(() => fromInfo(wasm.inputError(wasm.InputError[which], String(detail))));
}
