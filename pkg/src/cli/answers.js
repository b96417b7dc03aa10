/**
 * @module twenty-webhooks/cli/answers
 * The shapes of the admin API's answers (edge/README.md) that the commands read, checked before
 * they are read: well-formed JSON of another shape is a server that is not the receiver (or
 * not this version of it), told as such rather than as a crash halfway through a table. Each
 * check returns what is wrong, or undefined.
 */

const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);
const isString = (value) => typeof value === "string";
const isCount = (value) => Number.isSafeInteger(value) && value >= 0;
const listOf = (check) => (value) => Array.isArray(value) && value.every(check);
const optional = (check) => (value) => value === undefined || check(value);
const nullable = (check) => (value) => value === null || check(value);

/** What is wrong with `value` against `fields` (name → check), or undefined. */
function problemOf(value, fields, what) {
  if (!isObject(value)) return `${what} is not a JSON object`;
  const wrong = Object.entries(fields).find(([name, check]) => !check(value[name]));
  return wrong && `${what}'s "${wrong[0]}" is missing or not what the receiver sends`;
}

const objectWith = (fields) => (value) => problemOf(value, fields, "") === undefined;

const DESTINATION = { url: isString, lastFailure: optional(nullable(isObject)) };
const SUMMARY = { deliveryId: isString, destinations: optional(listOf(objectWith(DESTINATION))) };
const DEAD_LETTER = { deliveryId: isString, destinations: optional(listOf(isString)), lastFailure: optional(nullable(isObject)) };
const PAGE = { nextCursor: optional(nullable(isString)) };

/** One check per admin answer the commands read. */
export const ANSWER = Object.freeze({
  deliveries: (value) => problemOf(value, { ...PAGE, deliveries: listOf(objectWith(SUMMARY)) }, "the list"),
  delivery: (value) => problemOf(value, { ...SUMMARY, headers: optional(isObject), body: optional(nullable(isString)) }, "the delivery"),
  replay: (value) => problemOf(value, { deliveryId: optional(isString), destinations: optional(listOf(isString)) }, "the answer"),
  deadLetters: (value) => problemOf(value, { ...PAGE, deadLetters: listOf(objectWith(DEAD_LETTER)) }, "the list"),
  redrive: (value) =>
    problemOf(
      value,
      {
        redriving: optional(isCount),
        deliveryIds: optional(listOf(isString)),
        remaining: optional(isCount),
        alreadyRedriving: optional(listOf(isString)),
        bodyExpired: optional(listOf(isString)),
      },
      "the answer",
    ),
});
