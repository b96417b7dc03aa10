/**
 * @module delivery/shell-words
 * Splits a POSIX shell command line into words, as sh would before running it: single
 * quotes, double quotes, $'…' (what browsers' "Copy as cURL" writes), backslashes and line
 * continuations. Variables and substitutions are kept as typed, not expanded.
 */
export class ShellSyntaxError extends Error {}

const BLANK = /[ \t\r\n]/;
const utf8 = new TextDecoder("utf-8", { fatal: false });

export function shellWords(text) {
  const words = [];
  let word = null; // null between words; "" is an empty quoted word
  let i = 0;
  const append = (part) => {
    word = (word ?? "") + part;
  };
  while (i < text.length) {
    const c = text[i];
    if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined) throw new ShellSyntaxError("The command ends with a lone backslash.");
      if (next === "\n") i += 2;
      else if (next === "\r" && text[i + 2] === "\n") i += 3;
      else {
        append(next);
        i += 2;
      }
    } else if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end === -1) throw new ShellSyntaxError("A single quote (') is never closed.");
      append(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      const [part, next] = readDoubleQuoted(text, i + 1);
      append(part);
      i = next;
    } else if (c === "$" && text[i + 1] === "'") {
      const [part, next] = readAnsiC(text, i + 2);
      append(part);
      i = next;
    } else if (BLANK.test(c)) {
      if (word !== null) words.push(word);
      word = null;
      i += 1;
    } else if (c === "#" && word === null) {
      const end = text.indexOf("\n", i);
      i = end === -1 ? text.length : end;
    } else {
      append(c);
      i += 1;
    }
  }
  if (word !== null) words.push(word);
  return words;
}

/** Inside "…" a backslash escapes only $ ` " \ and a line break. */
function readDoubleQuoted(text, start) {
  let out = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') return [out, i + 1];
    if (c === "\\" && "$`\"\\\n".includes(text[i + 1])) {
      if (text[i + 1] !== "\n") out += text[i + 1];
      i += 1;
    } else out += c;
  }
  throw new ShellSyntaxError('A double quote (") is never closed.');
}

const ANSI_C_SIMPLE = { a: "\x07", b: "\b", e: "\x1b", E: "\x1b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v", "\\": "\\", "'": "'", '"': '"', "?": "?" };

/** Inside $'…' C escapes apply; \xHH and octal give bytes, read together as UTF-8. */
function readAnsiC(text, start) {
  let out = "";
  let bytes = [];
  const flush = () => {
    if (bytes.length) out += utf8.decode(new Uint8Array(bytes));
    bytes = [];
  };
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === "'") {
      flush();
      return [out, i + 1];
    }
    if (c !== "\\") {
      flush();
      out += c;
      continue;
    }
    const e = text[i + 1];
    let match;
    if (e in ANSI_C_SIMPLE) {
      flush();
      out += ANSI_C_SIMPLE[e];
      i += 1;
    } else if ((match = /^x([0-9a-fA-F]{1,2})/.exec(text.slice(i + 1)))) {
      bytes.push(parseInt(match[1], 16));
      i += match[0].length;
    } else if ((match = /^[0-7]{1,3}/.exec(text.slice(i + 1)))) {
      bytes.push(parseInt(match[0], 8) & 0xff);
      i += match[0].length;
    } else if ((match = /^(u[0-9a-fA-F]{1,4}|U[0-9a-fA-F]{1,8})/.exec(text.slice(i + 1)))) {
      flush();
      out += String.fromCodePoint(parseInt(match[0].slice(1), 16));
      i += match[0].length;
    } else {
      flush();
      out += c;
    }
  }
  throw new ShellSyntaxError("A $'…' quote is never closed.");
}
