/**
 * @module twenty-webhooks/cli/commands
 * The command table: one module per command, each `{ name, summary, usage, options,
 * positionals, examples, run }`. New commands join here; the ones that talk to the edge
 * receiver's admin API (listen, deliveries, dead-letters) will, once that API exists.
 */
import diagnose from "./diagnose.js";
import secret from "./secret.js";
import sign from "./sign.js";
import trigger from "./trigger.js";
import verify from "./verify.js";

export const COMMANDS = Object.freeze([trigger, sign, verify, diagnose, secret]);

export function findCommand(name) {
  return COMMANDS.find((command) => command.name === name);
}
