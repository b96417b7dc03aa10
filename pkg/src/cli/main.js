/**
 * @module twenty-webhooks/cli
 * `npx twenty-webhooks <command>`: finds the command in the table, parses its flags with
 * node:util parseArgs, runs it and turns every failure into an exit code: a bad flag or input is
 * one line on stderr and exit 2 (and, with --json, an error document on stdout), never a stack
 * trace.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { TwentyWebhooksError } from "../node.js";
import { COMMANDS, findCommand } from "./commands.js";
import { commandHelp, overviewHelp } from "./help.js";
import { createOutput } from "./output.js";
import { CommandFailure, EXIT, UsageError } from "./usage.js";

const PROGRAM = "twenty-webhooks";

/** Flags every command takes. */
const COMMON_OPTIONS = {
  json: { type: "boolean", description: "print one JSON document on stdout (errors included), same exit codes" },
  help: { type: "boolean", short: "h", description: "show this help" },
};

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code.
 * `io` holds the streams, the environment and `signals` (the process, for SIGINT), so that
 * nothing here reads process globals.
 */
export async function main(argv, io) {
  const json = argv.includes("--json");
  const out = createOutput(io, { json });
  // The command is the first argument that is not --json; --json may come anywhere.
  const at = argv.findIndex((arg) => arg !== "--json");
  const name = at < 0 ? undefined : argv[at];
  const rest = argv.filter((_, index) => index !== at);
  let command;
  try {
    if (name === undefined) throw new UsageError(`no command given; try ${PROGRAM} --help`);
    if (name === "--help" || name === "-h" || name === "help") {
      const topic = rest.find((arg) => arg !== "--json");
      return help(out, topic ? findOrFail(topic) : undefined);
    }
    if (name === "--version") return version(out);
    command = findOrFail(name);
    const { values, positionals } = parse(command, rest);
    if (values.help) return help(out, command);
    return await command.run(checkArguments(command, values, positionals), { ...io, out });
  } catch (error) {
    return failure(error, out, io, command);
  }
}

function findOrFail(name) {
  const command = findCommand(name);
  if (!command) throw new UsageError(`unknown command "${name}"; the commands: ${COMMANDS.map((c) => c.name).join(", ")}`);
  return command;
}

function parse(command, args) {
  try {
    return parseArgs({ args, options: { ...command.options, ...COMMON_OPTIONS }, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(parseArgsMessage(error, command));
  }
}

/** parseArgs' errors in one line, with where to look. */
function parseArgsMessage(error, command) {
  const flag = /'(-[^' ]*)/.exec(error.message)?.[1] ?? "";
  const seeHelp = `see ${PROGRAM} ${command.name} --help`;
  switch (error.code) {
    case "ERR_PARSE_ARGS_UNKNOWN_OPTION":
      return `unknown flag ${flag} (${seeHelp})`;
    case "ERR_PARSE_ARGS_INVALID_OPTION_VALUE":
      if (/does not take an argument/.test(error.message)) return `${flag} takes no value (${seeHelp})`;
      if (/ambiguous/.test(error.message)) return `${flag} needs a value; for one that starts with "-", write ${flag}=<value> (${seeHelp})`;
      return `${flag} needs a value (${seeHelp})`;
    default:
      return `${error.message.split("\n")[0]} (${seeHelp})`;
  }
}

/**
 * What `run` gets: `{ values, positionals }`, and for a command with subcommands (`deliveries
 * show <id>`) also `subcommand`, its name (the first positional, else the command's default).
 * A positional named `<name>…` takes any number of arguments, none included.
 */
function checkArguments(command, values, positionals) {
  const seeHelp = `see ${PROGRAM} ${command.name} --help`;
  if (!command.subcommands) {
    checkPositionals(command.positionals, positionals, seeHelp);
    return { values, positionals };
  }
  const [subcommand = command.defaultSubcommand, ...rest] = positionals;
  const expected = command.subcommands[subcommand];
  if (!expected) throw new UsageError(`unknown subcommand "${subcommand}" of ${command.name}; its subcommands: ${Object.keys(command.subcommands).join(", ")} (${seeHelp})`);
  checkPositionals(expected.positionals, rest, seeHelp);
  const misplaced = Object.keys(values).find((flag) => flag in command.options && !expected.options.includes(flag));
  if (misplaced) throw new UsageError(`--${misplaced} is not a flag of ${command.name} ${subcommand} (${seeHelp})`);
  return { values, positionals: rest, subcommand };
}

function checkPositionals(expected = [], positionals, seeHelp) {
  const variadic = expected.at(-1)?.endsWith("…");
  const required = variadic ? expected.length - 1 : expected.length;
  if (positionals.length < required) throw new UsageError(`missing ${expected[positionals.length]} (${seeHelp})`);
  if (positionals.length > expected.length && !variadic) throw new UsageError(`unexpected argument "${positionals[expected.length]}" (${seeHelp})`);
}

function help(out, command) {
  const text = command ? commandHelp(PROGRAM, command, COMMON_OPTIONS) : overviewHelp(PROGRAM, COMMANDS);
  if (out.json) out.document({ ok: true, help: text });
  else out.stdout.write(text);
  return EXIT.OK;
}

function version(out) {
  const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  if (out.json) out.document({ ok: true, version });
  else out.line(version);
  return EXIT.OK;
}

/**
 * Bad flags and inputs (a UsageError, or the package's typed error about what the user gave)
 * exit 2; a CommandFailure (the receiver said no) its own code, 1 unless it says; anything else
 * is a fault of the CLI. Either way, one line on stderr.
 */
function failure(error, out, io, command) {
  const prefix = command ? `${PROGRAM} ${command.name}` : PROGRAM;
  const message = String(error?.message ?? error)
    .replace(/^twenty-webhooks: /, "")
    .replace(/\s*\n\s*/g, " ");
  if (!(error instanceof UsageError || error instanceof TwentyWebhooksError || error instanceof CommandFailure)) {
    io.stderr.write(`${prefix}: internal error: ${message}\n`);
    if (out.json) out.document({ ok: false, error: { code: "INTERNAL", message } });
    return EXIT.INTERNAL;
  }
  const { code, hint } = error; // a UsageError's code is USAGE, and it has no hint: its message says what to do
  io.stderr.write(`${prefix}: ${error instanceof UsageError ? "" : `${code}: `}${message}${hint ? ` (${hint})` : ""}\n`);
  if (out.json) out.document({ ok: false, error: { code, message, ...(hint && { hint }) } });
  return error instanceof CommandFailure ? error.exitCode : EXIT.USAGE;
}
