// World map of event locations: Natural Earth 110m countries (bundled), equirectangular,
// drawn in SVG; circles coloured by PLOVER type, area proportional to mentions.
// Wheel or buttons zoom, drag pans. Markers keep their on-screen size when zoomed.

import { clear, el, fmtNumber, svg } from "./dom.js";
import { ploverColor } from "./colors.js";

let basemap = null;

async function loadBasemap() {
  if (!basemap) basemap = fetch("/static/world-110m.json").then((r) => r.json());
  return basemap;
}

const WORLD = { x: -180, y: -84, w: 360, h: 144 };  // lon -180..180, lat 84N..60S

/** What a circle's area shows: incidents (unit=incidents), else event mentions. */
const size = (p) => p.incidents ?? p.mentions;

export class EventMap {
  constructor(container, { onSelect } = {}) {
    this.container = container;
    this.onSelect = onSelect;
    this.view = { ...WORLD };
    this.points = [];
    this.root = svg("svg", { class: "map-svg", viewBox: this.viewBox(), role: "img",
                             "aria-label": "Map of event locations" });
    this.countries = svg("g", { class: "countries" });
    this.grid = svg("g", { class: "graticule" });
    this.markers = svg("g", { class: "markers" });
    this.root.append(this.grid, this.countries, this.markers);
    const controls = el("div", { class: "map-controls" },
      el("button", { type: "button", title: "Zoom in", "aria-label": "Zoom in", onclick: () => this.zoom(0.5) }, "+"),
      el("button", { type: "button", title: "Zoom out", "aria-label": "Zoom out", onclick: () => this.zoom(2) }, "−"),
      el("button", { type: "button", title: "Whole world", "aria-label": "Reset view", onclick: () => this.reset() }, "⟲"));
    clear(container).append(this.root, controls);
    this.bindPanZoom();
    this.drawGraticule();
    loadBasemap().then((data) => this.drawCountries(data));
  }

  viewBox() {
    const v = this.view;
    return `${v.x} ${v.y} ${v.w} ${v.h}`;
  }

  drawGraticule() {
    for (let lon = -150; lon <= 150; lon += 30) this.grid.append(svg("line", { x1: lon, x2: lon, y1: -90, y2: 90 }));
    for (let lat = -60; lat <= 80; lat += 20) this.grid.append(svg("line", { x1: -180, x2: 180, y1: -lat, y2: -lat }));
  }

  drawCountries(data) {
    for (const c of data.countries) {
      const path = svg("path", { d: c.d, "data-iso3": c.iso3 || "" });
      path.append(svg("title", { text: c.name || "" }));
      this.countries.append(path);
    }
  }

  /** Degrees per screen pixel at the current zoom. */
  unitsPerPixel() {
    const width = this.root.clientWidth || 800;
    const height = this.root.clientHeight || 400;
    return Math.max(this.view.w / width, this.view.h / height);
  }

  setPoints(points) {
    this.points = points;
    this.drawMarkers();
  }

  drawMarkers() {
    clear(this.markers);
    const max = Math.max(1, ...this.points.map(size));
    const upp = this.unitsPerPixel();
    // Largest first so small circles stay clickable on top.
    const ordered = [...this.points].sort((a, b) => size(b) - size(a));
    for (const p of ordered) {
      // Area ~ mentions; a store with only a few mentions per place keeps small dots.
      const radiusPx = 4 + 18 * Math.sqrt(size(p) / Math.max(max, 25));
      const circle = svg("circle", {
        class: "marker", cx: p.lon, cy: -p.lat, r: radiusPx * upp, fill: ploverColor(p.plover_type),
        "data-type": p.plover_type || "", tabindex: 0, role: "button",
        onclick: () => this.onSelect && this.onSelect(p),
        onkeydown: (e) => { if (e.key === "Enter" && this.onSelect) this.onSelect(p); },
      });
      const where = p.place || `${p.lat}, ${p.lon}`;
      circle.append(svg("title", {
        text: `${where}\n${p.incidents !== undefined ? `${fmtNumber(p.incidents)} incident(s), ` : ""}${fmtNumber(p.mentions)} event mention(s)\nMostly ${p.plover_type || "uncoded"}`,
      }));
      this.markers.append(circle);
    }
  }

  setView(view) {
    const w = Math.min(360, Math.max(4, view.w));
    const h = w * (WORLD.h / WORLD.w);
    const x = Math.min(180 - w, Math.max(-180, view.x));
    const y = Math.min(90 - h, Math.max(-90, view.y));
    this.view = { x, y, w, h };
    this.root.setAttribute("viewBox", this.viewBox());
    this.drawMarkers();
  }

  zoom(factor, cx, cy) {
    const v = this.view;
    const px = cx ?? v.x + v.w / 2;
    const py = cy ?? v.y + v.h / 2;
    const w = v.w * factor;
    const h = v.h * factor;
    this.setView({ x: px - (px - v.x) * factor, y: py - (py - v.y) * factor, w, h });
  }

  reset() {
    this.setView({ ...WORLD });
  }

  toMap(event) {
    const rect = this.root.getBoundingClientRect();
    const upp = this.unitsPerPixel();
    // preserveAspectRatio "xMidYMid meet": the drawing is centred in the element.
    const offX = (rect.width - this.view.w / upp) / 2;
    const offY = (rect.height - this.view.h / upp) / 2;
    return { x: this.view.x + (event.clientX - rect.left - offX) * upp,
             y: this.view.y + (event.clientY - rect.top - offY) * upp };
  }

  bindPanZoom() {
    this.root.addEventListener("wheel", (event) => {
      event.preventDefault();
      const p = this.toMap(event);
      this.zoom(event.deltaY < 0 ? 0.8 : 1.25, p.x, p.y);
    }, { passive: false });
    let drag = null;
    this.root.addEventListener("pointerdown", (event) => {
      if (event.target.classList.contains("marker")) return;
      drag = { x: event.clientX, y: event.clientY, view: { ...this.view }, upp: this.unitsPerPixel() };
      this.root.setPointerCapture(event.pointerId);
    });
    this.root.addEventListener("pointermove", (event) => {
      if (!drag) return;
      this.view = { ...drag.view, x: drag.view.x - (event.clientX - drag.x) * drag.upp,
                    y: drag.view.y - (event.clientY - drag.y) * drag.upp };
      this.setView(this.view);
    });
    const end = () => { drag = null; };
    this.root.addEventListener("pointerup", end);
    this.root.addEventListener("pointercancel", end);
  }
}
