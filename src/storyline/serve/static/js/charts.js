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

const DAY_MS = 86400000;

function dayNumber(day) {
  return Math.round(new Date(day + "T00:00:00Z").getTime() / DAY_MS);
}

/** A true time axis: every calendar day between the first and the last takes the same width,
 * days with no events included, so 2002-2019 is as wide as its 18 years. */
export function timeScale(days, width, bucket = 1) {
  const first = dayNumber(days[0].day);
  const last = dayNumber(days[days.length - 1].day) + bucket - 1;
  const total = last - first + 1;
  const band = width / total;
  return { first, last, total, band, x: (day) => (dayNumber(day) - first) * band };
}

/** Tick days for a time axis: month or year starts when the range is long, else even steps. */
function timeTicks(scale, maxTicks) {
  const out = [];
  const toDay = (n) => new Date(n * DAY_MS).toISOString().slice(0, 10);
  if (scale.total > 900) {
    const y0 = new Date(scale.first * DAY_MS).getUTCFullYear() + 1;
    const y1 = new Date(scale.last * DAY_MS).getUTCFullYear();
    const step = Math.max(1, Math.ceil((y1 - y0 + 1) / maxTicks));
    for (let y = y0; y <= y1; y += step) out.push({ day: `${y}-01-01`, label: String(y) });
    return out;
  }
  const n = Math.min(scale.total, Math.max(2, maxTicks));
  for (let t = 0; t < n; t++) {
    const d = toDay(scale.first + Math.round((t * (scale.total - 1)) / Math.max(1, n - 1)));
    if (!out.length || out[out.length - 1].day !== d) out.push({ day: d, label: fmtDate(d) });
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

/** ``bucket``: the days one bar stands for (1 per day, 7 per week, 30 per month): bars start on
 * their period's first day on the time axis and are as wide as the period. */
/** A period's count: incidents (unit=incidents) or events (mentions, stories). */
const count = (d) => d.incidents ?? d.events;

export function stackedBars(container, rawDays, { height = 180, line = null, onBar = null, bucket = 1 } = {}) {
  clear(container);
  const days = [...rawDays].filter((d) => d.day).sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
  if (!days.length) {
    container.append(el("p", { class: "empty", text: "No dated events for these filters." }));
    return;
  }
  const width = Math.max(280, container.clientWidth || 600);
  const m = { top: 10, right: line ? 48 : 12, bottom: 24, left: 40 };
  const iw = width - m.left - m.right;
  const ih = height - m.top - m.bottom;
  const countStep = Math.max(1, niceStep(Math.max(...days.map(count))));
  const maxCount = Math.max(countStep, Math.ceil(Math.max(...days.map(count)) / countStep) * countStep);
  const scale = timeScale(days, iw, bucket);
  const band = scale.band;
  const barW = Math.max(1, Math.min(28 * bucket, band * bucket * 0.8));
  const root = svg("svg", { class: "chart", width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
                           "aria-label": "Events per day" });
  const g = svg("g", { transform: `translate(${m.left},${m.top})` });
  root.append(g);
  for (let v = 0; v <= maxCount + 1e-9; v += countStep) {
    const y = ih - (v / maxCount) * ih;
    g.append(svg("line", { class: "gridline", x1: 0, x2: iw, y1: y, y2: y }));
    g.append(svg("text", { class: "axis", x: -6, y: y + 4, "text-anchor": "end", text: fmtNumber(Math.round(v)) }));
  }
  root.setAttribute("data-days", String(scale.total));
  days.forEach((d) => {
    const x0 = scale.x(d.day);
    const x = x0 + (band * bucket - barW) / 2;
    let y = ih;
    const bar = svg("g", { class: "bar", "data-day": d.day });
    for (const q of QUAD) {
      const v = d[q.key] || 0;
      if (!v) continue;
      const h = (v / maxCount) * ih;
      y -= h;
      bar.append(svg("rect", { x, y, width: barW, height: h, fill: q.color }));
    }
    const other = count(d) - QUAD.reduce((s, q) => s + (d[q.key] || 0), 0);
    if (other > 0) {
      const h = (other / maxCount) * ih;
      y -= h;
      bar.append(svg("rect", { x, y, width: barW, height: h, fill: "#a9b4bf" }));
    }
    // A transparent full-height target makes thin bars easy to hover and click.
    const hitW = Math.max(band * bucket, 4);
    bar.append(svg("rect", { class: "hit", x: x0 + (band * bucket) / 2 - hitW / 2, y: 0, width: hitW, height: ih }));
    const parts = QUAD.filter((q) => d[q.key]).map((q) => `${q.label}: ${d[q.key]}`);
    let tip = `${fmtDate(d.day)}: ${fmtNumber(count(d))} ${d.incidents !== undefined ? "incident" : "event"}(s)`;
    if (parts.length) tip += "\n" + parts.join("\n");
    if (line) tip += `\nGoldstein sum: ${d[line] ?? 0}`;
    bar.append(svg("title", { text: tip }));
    if (onBar) bar.addEventListener("click", () => onBar(d));
    g.append(bar);
  });
  for (const tick of timeTicks(scale, Math.max(2, Math.floor(iw / 90)))) {
    const x = scale.x(tick.day) + band / 2;
    if (x < 0 || x > iw) continue;
    g.append(svg("text", { class: "axis tick", x, y: ih + 16, "text-anchor": "middle", "data-day": tick.day,
                           text: tick.label }));
  }
  if (line) {
    const values = days.map((d) => d[line] || 0);
    const lim = niceMax(Math.max(1, ...values.map(Math.abs)));
    const yOf = (v) => ih / 2 - (v / lim) * (ih / 2);
    g.append(svg("line", { class: "zeroline", x1: 0, x2: iw, y1: yOf(0), y2: yOf(0) }));
    const xs = days.map((d) => scale.x(d.day) + (band * bucket) / 2);
    const pts = values.map((v, i) => `${xs[i]},${yOf(v)}`).join(" ");
    g.append(svg("polyline", { class: "trendline", points: pts }));
    values.forEach((v, i) => g.append(svg("circle", { class: "trenddot", cx: xs[i], cy: yOf(v), r: 2.5 })));
    for (const v of [lim, 0, -lim]) {
      g.append(svg("text", { class: "axis", x: iw + 6, y: yOf(v) + 4, text: String(v) }));
    }
  }
  container.append(root);
}
