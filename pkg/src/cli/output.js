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

/** Control characters (C0, DEL, C1): a terminal acts on them (ESC moves the cursor, recolours…). */
const CONTROL = /\p{Cc}+/gu;
const CONTROL_BUT_LINES = /[^\P{Cc}\n\t]+/gu;

/**
 * Text from elsewhere (the receiver, a delivery) made safe to print: each run of control
 * characters becomes one space, so that it cannot drive the terminal nor break a line;
 * `{ lines: true }` keeps line feeds and tabs (a body shown as it is).
 */
export function printable(text, { lines = false } = {}) {
  return String(text).replace(lines ? CONTROL_BUT_LINES : CONTROL, " ");
}

/** Milliseconds, the way people read them. */
export function formatMs(ms) {
  return ms < 10 ? `${ms.toFixed(1)} ms` : ms < 10_000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * Prints `rows` as a table under dim column titles. `columns`: `[title, cell(row), paint?(text,
 * row)]`; cells are made printable and padded before they are painted, so colour does not
 * shift the columns.
 */
export function printTable({ line, paint }, columns, rows) {
  const cells = rows.map((row) => columns.map(([, cell]) => printable(cell(row) ?? "")));
  const widths = columns.map(([title], i) => Math.max(title.length, ...cells.map((row) => row[i].length)));
  const last = columns.length - 1;
  line(paint.dim(`  ${columns.map(([title], i) => (i === last ? title : title.padEnd(widths[i]))).join("  ")}`));
  rows.forEach((row, r) => {
    const text = columns.map(([, , style], i) => {
      const padded = i === last ? cells[r][i] : cells[r][i].padEnd(widths[i]);
      return style ? style(padded, row) : padded;
    });
    line(`  ${text.join("  ")}`.trimEnd());
  });
}

/** A time as people read it in a table: local date and time to the second. */
export function formatTime(value) {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return String(value);
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Bytes, the way people read them. */
export function formatBytes(bytes) {
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}
