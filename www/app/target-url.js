/**
 * @module target-url
 * The Endpoint URL rule: trimmed, `https://` assumed when no scheme is typed (as Twenty's
 * server does when it sends), and only http and https accepted.
 */

/** `{ url }` with the URL to store, or `{ error }` to show under the field. */
export function normalizeTargetUrl(input) {
  const text = input.trim();
  if (text === "") return { error: "URL is required" };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(text)?.[1] ?? /^(javascript|data|mailto|file|blob|about):/i.exec(text)?.[1];
  if (scheme !== undefined && !/^https?$/i.test(scheme)) {
    return { error: `Only http and https URLs are accepted (this one is ${scheme.toLowerCase()}:).` };
  }
  const url = scheme === undefined ? `https://${text}` : text;
  let parsed;
  try {
    parsed = new URL(url);
  } catch {
    return { error: "Please enter a valid URL" };
  }
  if (parsed.hostname === "" || /\s/.test(text)) return { error: "Please enter a valid URL" };
  return { url };
}

export function hostnameOf(url) {
  try {
    return new URL(url).hostname;
  } catch {
    return url;
  }
}
