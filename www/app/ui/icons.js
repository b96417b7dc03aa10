/**
 * @module ui/icons
 * The few icons the page uses, drawn like Tabler's (the set Twenty uses). Decorative: hidden
 * from assistive technology, so every icon-only button carries its own label.
 */
const PATHS = {
  chevronRight: "M9 6l6 6l-6 6",
  plus: "M12 5v14M5 12h14",
  trash: "M4 7h16M10 11v6M14 11v6M5 7l1 12a2 2 0 0 0 2 2h8a2 2 0 0 0 2-2l1-12M9 7V4a1 1 0 0 1 1-1h4a1 1 0 0 1 1 1v3",
  copy: "M8 8m0 2a2 2 0 0 1 2-2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2h-8a2 2 0 0 1-2-2zM16 8V6a2 2 0 0 0-2-2H6a2 2 0 0 0-2 2v8a2 2 0 0 0 2 2h2",
  eye: "M10 12a2 2 0 1 0 4 0a2 2 0 0 0-4 0M21 12c-2.4 4-5.4 6-9 6c-3.6 0-6.6-2-9-6c2.4-4 5.4-6 9-6c3.6 0 6.6 2 9 6",
  eyeOff: "M10.6 10.6a2 2 0 0 0 2.8 2.8M16.7 16.7A8.7 8.7 0 0 1 12 18c-3.6 0-6.6-2-9-6c1.3-2.1 2.7-3.6 4.3-4.7M9.9 6.2A8.4 8.4 0 0 1 12 6c3.6 0 6.6 2 9 6c-.7 1.1-1.4 2.1-2.2 2.9M3 3l18 18",
  refresh: "M20 11A8.1 8.1 0 0 0 4.5 9M4 5v4h4M4 13a8.1 8.1 0 0 0 15.5 2m.5 4v-4h-4",
  webhook: "M4.9 17.6a4 4 0 1 0 5.1 -2.6h5M9 8.5a4 4 0 1 1 6 3.5l-3 5M19 17a4 4 0 1 1-2.9 3",
  alert: "M12 9v4M12 17h.01M10.2 3.9l-8 13.8a2 2 0 0 0 1.8 3h16a2 2 0 0 0 1.8-3l-8-13.8a2 2 0 0 0-3.6 0",
  check: "M5 12l5 5l10-10",
  x: "M18 6L6 18M6 6l12 12",
  send: "M10 14L21 3M21 3l-6.5 18a.55 .55 0 0 1-1 0L10 14l-7-3.5a.55 .55 0 0 1 0-1L21 3",
  download: "M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 11l5 5l5-5M12 4v12",
  upload: "M4 17v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2M7 9l5-5l5 5M12 4v12",
  key: "M16.6 3.4l4 4a2 2 0 0 1 0 2.8l-3 3a2 2 0 0 1-2.8 0l-.3-.3l-6.8 6.8a2 2 0 0 1-1.4.6H5a1 1 0 0 1-1-1v-1.3a2 2 0 0 1 .6-1.4l.4-.4h2v-2h2v-2l2.2-2.2l-.3-.3a2 2 0 0 1 0-2.8l3-3a2 2 0 0 1 2.8 0zM15 9h.01",
};

export function icon(name) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("fill", "none");
  svg.setAttribute("stroke", "currentColor");
  svg.setAttribute("stroke-width", "2");
  svg.setAttribute("stroke-linecap", "round");
  svg.setAttribute("stroke-linejoin", "round");
  svg.setAttribute("aria-hidden", "true");
  const path = document.createElementNS("http://www.w3.org/2000/svg", "path");
  path.setAttribute("d", PATHS[name]);
  svg.append(path);
  return svg;
}
