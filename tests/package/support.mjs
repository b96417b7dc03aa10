// Shared by the package tests: the built package (imported as users import it, through the
// package's `node` entry), the shared vectors, and a seeded random generator.
import { readFileSync } from "node:fs";

export * as twenty from "../../pkg/src/node.js";

export function vectors(name) {
  return JSON.parse(readFileSync(new URL(`../vectors/${name}`, import.meta.url), "utf8"));
}

/** Mulberry32: a small seeded generator, so that a failing random case can be replayed. */
export function seededRandom(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEED = Number(process.env.SEED ?? Date.now() % 1e9);
