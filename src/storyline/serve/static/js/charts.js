// Small SVG charts drawn at the container's pixel size: stacked bars per day (by QuadClass)
// with an optional line on a second axis (the Goldstein sum).

import { clear, el, fmtDate, fmtNumber, svg } from "./dom.js";
import { QUAD } from "./colors.js";

/** A round tick step (1, 2 or 5 x 10^k, never below 1) giving about ``ticks`` intervals. */
function niceStep(value, ticks = 4) {
  const raw = Math.max(value / ticks, 1e-9);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw);
  return step;
}

function niceMax(value) {
  if (value <= 0) return 1;
  const step = niceStep(value);
  return Math.ceil(value / step) * step;
}

/** Every day between the first and last (so gaps show as gaps), capped for long ranges. */
function fillDays(days) {
  if (days.length < 2 || days.length > 400) return days;
  const byDay = new Map(days.map((d) => [d.day, d]));
  const out = [];
  const first = new Date(days[0].day + "T00:00:00Z");
  const last = new Date(days[days.length - 1].day + "T00:00:00Z");
  const span = (last - first) / 86400000;
  if (span > 730) return days;
  for (let t = first; t <= last; t = new Date(t.getTime() + 86400000)) {
    const key = t.toISOString().slice(0, 10);
    out.push(byDay.get(key) || { day: key, events: 0, q1: 0, q2: 0, q3: 0, q4: 0, goldstein_sum: 0 });
  }
  return out;
}

export function legend(items) {
  return el("div", { class: "legend" }, items.map((it) => {
    const sw = el("span", { class: "swatch" });
    sw.style.background = it.color;
    if (it.line) sw.classList.add("swatch-line");
    return el("span", { class: "legend-item" }, sw, it.label);
  }));
}

export function stackedBars(container, rawDays, { height = 180, line = null, onBar = null, fill = true } = {}) {
  clear(container);
  const days = fill ? fillDays(rawDays) : rawDays;
  if (!days.length) {
    container.append(el("p", { class: "empty", text: "No dated events for these filters." }));
    return;
  }
  const width = Math.max(280, container.clientWidth || 600);
  const m = { top: 10, right: line ? 48 : 12, bottom: 24, left: 40 };
  const iw = width - m.left - m.right;
  const ih = height - m.top - m.bottom;
  const countStep = Math.max(1, niceStep(Math.max(...days.map((d) => d.events))));
  const maxCount = Math.max(countStep, Math.ceil(Math.max(...days.map((d) => d.events)) / countStep) * countStep);
  const band = iw / days.length;
  const barW = Math.max(1, Math.min(28, band * 0.8));
  const root = svg("svg", { class: "chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
                           "aria-label": "Events per day" });
  const g = svg("g", { transform: `translate(${m.left},${m.top})` });
  root.append(g);
  for (let v = 0; v <= maxCount + 1e-9; v += countStep) {
    const y = ih - (v / maxCount) * ih;
    g.append(svg("line", { class: "gridline", x1: 0, x2: iw, y1: y, y2: y }));
    g.append(svg("text", { class: "axis", x: -6, y: y + 4, "text-anchor": "end", text: fmtNumber(Math.round(v)) }));
  }
  days.forEach((d, i) => {
    const x = i * band + (band - barW) / 2;
    let y = ih;
    const bar = svg("g", { class: "bar", "data-day": d.day });
    for (const q of QUAD) {
      const v = d[q.key] || 0;
      if (!v) continue;
      const h = (v / maxCount) * ih;
      y -= h;
      bar.append(svg("rect", { x, y, width: barW, height: h, fill: q.color }));
    }
    const other = d.events - QUAD.reduce((s, q) => s + (d[q.key] || 0), 0);
    if (other > 0) {
      const h = (other / maxCount) * ih;
      y -= h;
      bar.append(svg("rect", { x, y, width: barW, height: h, fill: "#a9b4bf" }));
    }
    // A transparent full-height target makes thin bars easy to hover and click.
    bar.append(svg("rect", { class: "hit", x: i * band, y: 0, width: band, height: ih }));
    const parts = QUAD.filter((q) => d[q.key]).map((q) => `${q.label}: ${d[q.key]}`);
    let tip = `${fmtDate(d.day)}: ${fmtNumber(d.events)} event(s)`;
    if (parts.length) tip += "\n" + parts.join("\n");
    if (line) tip += `\nGoldstein sum: ${d[line] ?? 0}`;
    bar.append(svg("title", { text: tip }));
    if (onBar) bar.addEventListener("click", () => onBar(d));
    g.append(bar);
  });
  const ticks = Math.min(days.length, Math.max(2, Math.floor(iw / 90)));
  for (let t = 0; t < ticks; t++) {
    const i = Math.round((t * (days.length - 1)) / Math.max(1, ticks - 1));
    const x = i * band + band / 2;
    g.append(svg("text", { class: "axis", x, y: ih + 16, "text-anchor": "middle", text: fmtDate(days[i].day) }));
  }
  if (line) {
    const values = days.map((d) => d[line] || 0);
    const lim = niceMax(Math.max(1, ...values.map(Math.abs)));
    const yOf = (v) => ih / 2 - (v / lim) * (ih / 2);
    g.append(svg("line", { class: "zeroline", x1: 0, x2: iw, y1: yOf(0), y2: yOf(0) }));
    const pts = values.map((v, i) => `${i * band + band / 2},${yOf(v)}`).join(" ");
    g.append(svg("polyline", { class: "trendline", points: pts }));
    values.forEach((v, i) => g.append(svg("circle", { class: "trenddot", cx: i * band + band / 2, cy: yOf(v), r: 2.5 })));
    for (const v of [lim, 0, -lim]) {
      g.append(svg("text", { class: "axis", x: iw + 6, y: yOf(v) + 4, text: String(v) }));
    }
  }
  container.append(root);
}
