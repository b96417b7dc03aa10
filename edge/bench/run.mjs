// CPU cost of verification inside workerd: the package's Verifier (wasm) against WebCrypto
// (crypto.subtle.verify), for 64 B, 2 KiB and 1 MiB bodies. The Worker is bundled by wrangler
// (as it would be deployed) and run in Miniflare (dev.mjs). Time is taken in Node around each
// request, minus a request doing the same set-up but no verification (n=0); inside a Worker,
// Date.now() does not advance without I/O. Median of several runs. Not part of the tests:
// `node edge/bench/run.mjs`.
import { fileURLToPath } from "node:url";
import { startWorkers } from "../dev.mjs";

const CASES = [
  { label: "64 B", size: 64, n: 20_000 },
  { label: "2 KiB", size: 2_048, n: 10_000 },
  { label: "1 MiB", size: 1_048_576, n: 40 },
];
const RUNS = 7;

const runtime = await startWorkers([fileURLToPath(new URL("wrangler.jsonc", import.meta.url))]);

async function time(impl, size, n) {
  const started = process.hrtime.bigint();
  const response = await fetch(`${runtime.url}/?impl=${impl}&size=${size}&n=${n}`);
  const { verified } = await response.json();
  if (verified !== n) throw new Error(`${impl} verified ${verified} of ${n}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  console.log(`verification in workerd (Miniflare ${(await import("miniflare/package.json", { with: { type: "json" } })).default.version}), median of ${RUNS} runs\n`);
  console.log("body     implementation          ops/s        MB/s");
  for (const { label, size, n } of CASES) {
    for (const impl of ["wasm", "subtle"]) {
      await time(impl, size, Math.min(n, 100)); // warm up: JIT, first-use set-up
      const samples = [];
      for (let run = 0; run < RUNS; run++) {
        const baseline = await time(impl, size, 0);
        samples.push(Math.max(0.001, (await time(impl, size, n)) - baseline));
      }
      const seconds = median(samples) / 1000;
      const name = impl === "wasm" ? "Verifier (wasm)" : "crypto.subtle.verify";
      console.log(`${label.padEnd(8)} ${name.padEnd(22)} ${Math.round(n / seconds).toLocaleString("en").padStart(10)} ${((n * size) / seconds / 1e6).toFixed(1).padStart(11)}`);
    }
  }
} finally {
  await runtime.stop();
}
