/**
 * @module twenty-webhooks/cli/commands
 * The command table: one module per command, each `{ name, summary, usage, options,
 * positionals, examples, run }` (or `subcommands` and `defaultSubcommand` instead of
 * `positionals`). New commands join here.
 */
import deadLetters from "./dead-letters.js";
import deliveries from "./deliveries.js";
import diagnose from "./diagnose.js";
import listen from "./listen.js";
import secret from "./secret.js";
import sign from "./sign.js";
import trigger from "./trigger.js";
import verify from "./verify.js";

export const COMMANDS = Object.freeze([trigger, sign, verify, diagnose, listen, deliveries, deadLetters, secret]);

export function findCommand(name) {
  return COMMANDS.find((command) => command.name === name);
}
