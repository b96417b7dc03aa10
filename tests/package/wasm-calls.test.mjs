// Issue 8, "by construction": every call into the wasm glue goes through callWasm (lifecycle.js),
// which notices an abnormal exit and replaces the instance. A call added without it fails here.
// (The Verifier's hot path calls its wasm object's methods and sets the same flag itself.)
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const SOURCES = new URL("../../pkg/src/", import.meta.url);
// lifecycle.js's own replacement of an instance, which is what callWasm relies on.
const REPLACEMENT = new Set(["__wbg_reset_state", "initSync"]);

test("every call into the wasm glue is made through callWasm", () => {
  const stray = [];
  let calls = 0;
  for (const file of readdirSync(SOURCES).filter((name) => name.endsWith(".js"))) {
    readFileSync(new URL(file, SOURCES), "utf8")
      .split("\n")
      .forEach((line, index) => {
        for (const call of line.matchAll(/\bwasm\.(\w+)\(/g)) {
          calls += 1;
          if (REPLACEMENT.has(call[1]) && file === "lifecycle.js") continue;
          if (!/callWasm(Transient)?\(\(\) =>/.test(line.slice(0, call.index))) stray.push(`${file}:${index + 1} wasm.${call[1]}`);
        }
      });
  }
  assert.ok(calls > 10, `only ${calls} calls found: has the glue's import name changed?`);
  assert.deepEqual(stray, []);
});
