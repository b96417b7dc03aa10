/**
 * @module ui/state-chip
 * A delivery's or a destination's state as a coloured chip, like Twenty's tags: queued
 * (grey), delivered (green), retrying (orange), dead (red).
 */
import { h } from "./dom.js";

export const DELIVERY_STATES = ["queued", "delivered", "retrying", "dead"];

export function stateChip(state) {
  const known = DELIVERY_STATES.includes(state);
  return h("span", { class: `chip${known ? ` chip-${state}` : ""}`, "data-state": state }, state);
}
