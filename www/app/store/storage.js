/**
 * @module store/storage
 * JSON values in localStorage under one prefix. A value that no longer parses reads as the
 * fallback rather than breaking the page.
 */
const PREFIX = "twenty-webhooks-demo.";

export function load(key, fallback) {
  const text = localStorage.getItem(PREFIX + key);
  if (text === null) return fallback;
  try {
    return JSON.parse(text);
  } catch {
    return fallback;
  }
}

export function save(key, value) {
  localStorage.setItem(PREFIX + key, JSON.stringify(value));
}
