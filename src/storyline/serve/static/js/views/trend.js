// Dyad trend: how relations between two actors move over time, by QuadClass, with the
// Goldstein sum as a line (negative = conflict).

import { api } from "../api.js";
import { QUAD } from "../colors.js";
import { legend, stackedBars } from "../charts.js";
import { card, clear, el, fmtDate, fmtNumber } from "../dom.js";
import { storeHasIncidents } from "./overview.js";

export async function renderTrend(root, params) {
  const counted = params.get("unit") || ((await storeHasIncidents()) ? "incidents" : "stories");
  const a = el("input", { type: "text", name: "a", value: params.get("a") || "USA", list: "trend-actors", size: 8, "aria-label": "Actor A" });
  const b = el("input", { type: "text", name: "b", value: params.get("b") || "IRN", list: "trend-actors", size: 8, "aria-label": "Actor B" });
  const by = el("select", { name: "by" }, ["day", "week", "month"].map((v) => el("option", { value: v, text: v, selected: params.get("by") === v })));
  const unit = el("select", { name: "unit" },
    el("option", { value: "incidents", text: "incidents (current, each once)", selected: counted === "incidents" }),
    el("option", { value: "stories", text: "story events (deduplicated)", selected: counted === "stories" }),
    el("option", { value: "mentions", text: "mentions (press attention)", selected: counted === "mentions" }));
  const actors = el("datalist", { id: "trend-actors" });
  const chart = el("div", { class: "trend-chart" });
  const table = el("div");
  const title = el("h2", { class: "card-title", text: "Trend" });
  const form = el("form", { class: "filters", onsubmit: (e) => { e.preventDefault(); load(); } },
    el("label", { class: "field" }, el("span", { text: "Actor A" }), a),
    el("label", { class: "field" }, el("span", { text: "Actor B" }), b),
    el("label", { class: "field" }, el("span", { text: "Per" }), by),
    el("label", { class: "field" }, el("span", { text: "Count" }), unit),
    el("div", { class: "field buttons" }, el("button", { type: "submit", class: "primary", text: "Show" })), actors);
  clear(root).append(form, el("section", { class: "card" }, title, chart,
    legend([...QUAD, { label: "Goldstein sum (right axis)", color: "#12263a", line: true }])), card("Per period", table));
  api("/api/facets").then((f) => f.actor_countries.forEach((x) => actors.append(el("option", { value: x.value })))).catch(() => {});

  async function load() {
    const qs = { a: a.value.trim(), b: b.value.trim(), by: by.value, unit: unit.value };
    history.replaceState(null, "", "#/trend?" + new URLSearchParams(qs));
    let r;
    try {
      r = await api("/api/trend", qs);
    } catch (error) {
      clear(chart).append(el("p", { class: "error", text: error.message }));
      return;
    }
    title.textContent = `${r.a} ↔ ${r.b}: ${fmtNumber(r.days.reduce((s, d) => s + d.events, 0))} ${r.unit === "incidents" ? "incident" : "event"}(s)`;
    stackedBars(chart, r.days, { height: 260, line: "goldstein_sum", bucket: { day: 1, week: 7, month: 30 }[r.by] || 1 });
    clear(table).append(el("table", { class: "table compact" },
      el("thead", {}, el("tr", {}, ["Period", "Events", ...QUAD.map((q) => q.label), "Goldstein sum"].map((h) => el("th", { text: h })))),
      el("tbody", {}, r.days.map((d) => el("tr", {}, el("td", { text: fmtDate(d.day) }), el("td", { class: "num", text: d.events }),
        QUAD.map((q) => el("td", { class: "num", text: d[q.key] })), el("td", { class: "num", text: d.goldstein_sum }))))));
  }
  load();
}
