/**
 * @module twenty-webhooks/cli/help
 * `--help` texts, written from each command's table of options so that they cannot drift.
 */

export function overviewHelp(program, commands) {
  const width = Math.max(...commands.map((c) => c.name.length));
  return [
    `${program}: send, sign, verify and diagnose Twenty CRM webhook deliveries; forward, list, replay and`,
    "re-drive those the edge receiver took",
    "",
    `Usage: ${program} <command> [flags]`,
    "",
    "Commands:",
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    "",
    `Every command takes --help (with an example) and --json. Run ${program} <command> --help for its flags;`,
    `${program} --version prints the version.`,
    "Exit codes: 0 done, 1 the answer is no (does not verify, not every answer 2xx, the receiver refused), 2 a bad",
    "flag or input.",
    "",
  ].join("\n");
}

export function commandHelp(program, command, commonOptions) {
  const options = { ...command.options, ...commonOptions };
  const flags = Object.entries(options).map(([name, option]) => [`${option.short ? `-${option.short}, ` : ""}--${name}${option.value ? ` ${option.value}` : ""}`, option.description]);
  const width = Math.max(...flags.map(([flag]) => flag.length));
  return [
    `${program} ${command.name}: ${command.summary}`,
    "",
    `Usage: ${program} ${command.usage}`,
    "",
    ...(command.details ? [...command.details, ""] : []),
    "Flags:",
    ...flags.map(([flag, description]) => `  ${flag.padEnd(width)}  ${description}`),
    "",
    command.examples.length > 1 ? "Examples:" : "Example:",
    ...command.examples.map((example) => `  ${example}`),
    "",
  ].join("\n");
}
