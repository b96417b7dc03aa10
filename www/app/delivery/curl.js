/**
 * @module delivery/curl
 * A curl command that sends a delivery byte for byte, for POSIX shells (bash, zsh, sh).
 */

/** Single quotes keep every byte literal (no $, `, \ or ! expansion); a ' is written '\''. */
function shellQuote(text) {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * `--data-binary` sends the body as is (`-d` would be the same here, but strips line breaks
 * when reading a file, so it is the wrong habit); a Content-Type given with -H replaces
 * curl's default form type; -i prints the answer's status and headers.
 */
export function curlCommand({ url, headers, body }) {
  const parts = [
    `curl -sS -i ${shellQuote(url)}`,
    ...Object.entries(headers).map(([name, value]) => `-H ${shellQuote(`${name}: ${value}`)}`),
    `--data-binary ${shellQuote(body)}`,
  ];
  return parts.join(" \\\n  ");
}
