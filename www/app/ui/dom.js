/**
 * @module ui/dom
 * `h(tag, props, ...children)`: builds an element. Props starting with "on" add listeners;
 * `value`, `checked`, `disabled`, `hidden` and `textContent` are set as properties, anything
 * else as an attribute. Null, undefined and false props or children are skipped.
 */
const PROPERTIES = new Set(["value", "checked", "disabled", "hidden", "textContent", "selected"]);

export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (PROPERTIES.has(key)) element[key] = value;
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  element.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** A unique id for label/description wiring. */
let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}
