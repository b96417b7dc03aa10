/**
 * @module twenty-webhooks/cli/inputs
 * Reading what the user points at: files byte for byte (`-` is stdin), JSON files, and the
 * secret (`--secret`, else TWENTY_WEBHOOK_SECRET).
 */
import { readFile } from "node:fs/promises";
import { UsageError } from "./usage.js";

export const SECRET_VARIABLE = "TWENTY_WEBHOOK_SECRET";

/** The file's bytes exactly (a trailing newline included), or stdin's for `-`. */
export async function readBytes(flag, path, stdin) {
  if (path === "-") {
    const chunks = [];
    for await (const chunk of stdin) chunks.push(chunk);
    return Buffer.concat(chunks);
  }
  try {
    return await readFile(path);
  } catch (error) {
    const why = { ENOENT: "no such file", EISDIR: "a directory, not a file", EACCES: "not readable" }[error.code] ?? error.code ?? "unreadable";
    throw new UsageError(`--${flag} ${path}: ${why}`);
  }
}

/** A JSON file parsed (a UTF-8 byte order mark is allowed), or a UsageError naming the flag. */
export async function readJson(flag, path, stdin) {
  const text = (await readBytes(flag, path, stdin)).toString("utf8").replace(/^\uFEFF/, "");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`--${flag} ${path}: not JSON (${error.message})`);
  }
}

/** Only one input may come from stdin. */
export function checkOneStdin(values, flags) {
  const fromStdin = flags.filter((flag) => values[flag] === "-");
  if (fromStdin.length > 1) throw new UsageError(`only one input can be read from stdin ("-"), not ${fromStdin.map((f) => `--${f}`).join(" and ")}`);
}

/**
 * The secret(s): every `--secret` given, else TWENTY_WEBHOOK_SECRET; an empty list when neither
 * is set. An empty variable counts as unset.
 */
export function secretsFrom(values, env) {
  const given = values.secret === undefined ? [] : [values.secret].flat();
  if (given.length) return given;
  return env[SECRET_VARIABLE] ? [env[SECRET_VARIABLE]] : [];
}

/** Like secretsFrom, for commands that cannot work without one. */
export function requireSecrets(values, env) {
  const secrets = secretsFrom(values, env);
  if (!secrets.length) throw new UsageError(`no secret: pass --secret <secret> or set ${SECRET_VARIABLE}`);
  return secrets;
}
