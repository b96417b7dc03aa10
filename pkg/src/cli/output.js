/**
 * @module twenty-webhooks/cli/output
 * How commands write: colour only on a terminal and never with NO_COLOR, one JSON document on
 * stdout with --json.
 */

const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], green: [32, 39], yellow: [33, 39] };

/** Colour functions for a stream: identities unless it is a terminal and NO_COLOR is unset or empty. */
function palette(stream, env) {
  const enabled = Boolean(stream.isTTY) && !env.NO_COLOR;
  const paint = {};
  for (const [name, [open, close]] of Object.entries(STYLES)) {
    paint[name] = enabled ? (text) => `\x1b[${open}m${text}\x1b[${close}m` : (text) => String(text);
  }
  return paint;
}

/** What a command writes with: `line` for people, `json` for --json, `paint` for colour. */
export function createOutput({ stdout, env }, { json }) {
  return {
    json,
    stdout,
    paint: palette(stdout, env),
    line(text = "") {
      stdout.write(`${text}\n`);
    },
    /** The one JSON document of a --json run. */
    document(value) {
      stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    },
  };
}

/** Milliseconds, the way people read them. */
export function formatMs(ms) {
  return ms < 10 ? `${ms.toFixed(1)} ms` : ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}
