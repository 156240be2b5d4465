// Events view: filters, the map, the timeline and the event list, all driven by one filter set
// that is mirrored in the URL (so a view can be shared or bookmarked).

import { api, settings } from "../api.js";
import { PLOVER_ORDER, QUAD, ploverColor, typeChip } from "../colors.js";
import { legend, stackedBars } from "../charts.js";
import { card, clear, el, emptyNote, fmtDate, fmtNumber, truncate } from "../dom.js";
import { reviewBadge } from "../review.js";
import { EventMap } from "../map.js";

const FILTER_KEYS = ["start", "end", "actor", "actor2", "plover_type", "status", "outlet", "q", "bbox", "country",
                     "min_confidence", "since", "unit"];
// Filters with an input in the form (bbox comes from the map).
const FORM_KEYS = ["start", "end", "actor", "actor2", "plover_type", "status", "outlet", "q", "country", "min_confidence",
                   "unit"];
const AUTO_REFRESH_MS = 30000;
const PAGE = 25;

let facetsCache = null;

let statsCache = null;

/** Whether the store holds incidents (a store of hand-made events may not). */
export async function storeHasIncidents() {
  if (!statsCache) statsCache = api("/api/stats").catch(() => null);
  const stats = await statsCache;
  return Boolean(stats && stats.counts && stats.counts.incidents);
}

async function facets() {
  if (!facetsCache) facetsCache = api("/api/facets").catch(() => null);
  return facetsCache;
}

export async function renderOverview(root, params) {
  const conf = await settings();
  const threshold = String(conf.default_min_confidence);
  const filters = Object.fromEntries(FILTER_KEYS.map((k) => [k, params.get(k) || ""]));
  if (!filters.min_confidence) filters.min_confidence = threshold;
  // The map and the timeline count incidents (each real-world incident once, never history) when the
  // store has them; event mentions otherwise or when asked (unit=events).
  if (!filters.unit) filters.unit = (await storeHasIncidents()) ? "incidents" : "events";
  let offset = 0;
  let areaLabel = params.get("area") || "";

  const form = el("form", { class: "filters", role: "search", "aria-label": "Filter events" });
  const field = (label, input) => el("label", { class: "field" }, el("span", { text: label }), input);
  const inputs = {
    start: el("input", { type: "date", name: "start", value: filters.start }),
    end: el("input", { type: "date", name: "end", value: filters.end }),
    actor: el("input", { type: "text", name: "actor", placeholder: "USA, Iran, Hamas…", value: filters.actor,
                         list: "actor-options", autocomplete: "off" }),
    plover_type: el("select", { name: "plover_type" }, el("option", { value: "", text: "All types" })),
    outlet: el("select", { name: "outlet" }, el("option", { value: "", text: "All outlets" })),
    q: el("input", { type: "search", name: "q", placeholder: "Words in the event…", value: filters.q }),
    actor2: el("input", { type: "text", name: "actor2", placeholder: "Target country: USA", value: filters.actor2,
                          list: "actor-options", autocomplete: "off" }),
    country: el("input", { type: "text", name: "country", placeholder: "Where: YEM", value: filters.country }),
    status: el("select", { name: "status" }, el("option", { value: "", text: "Any status" }),
      ["asserted", "reported", "negated", "threatened", "planned", "hypothetical"].map((t) => el("option", { value: t, text: t }))),
    min_confidence: el("input", { type: "number", name: "min_confidence", min: 0, max: 1, step: 0.05, value: filters.min_confidence }),
    unit: el("select", { name: "unit", "aria-label": "Map and timeline count" },
      el("option", { value: "incidents", text: "incidents" }), el("option", { value: "events", text: "event mentions" })),
  };
  inputs.unit.value = filters.unit;
  inputs.status.value = filters.status;
  const sinceInput = el("input", { type: "datetime-local", name: "since", step: 1,
                                   value: filters.since ? localInput(filters.since) : "" });
  const autoBox = el("input", { type: "checkbox", name: "auto_refresh" });
  const refreshNote = el("span", { class: "muted small refresh-note", "aria-live": "polite" });
  const actorOptions = el("datalist", { id: "actor-options" });
  const areaChip = el("span", { class: "filter-chip", hidden: true });
  form.append(
    field("From", inputs.start), field("To", inputs.end), field("Actor", inputs.actor), field("Target (actor 2)", inputs.actor2),
    field("Event type", inputs.plover_type), field("Status", inputs.status), field("Country", inputs.country),
    field("Outlet", inputs.outlet), field("Search", inputs.q), field("Map counts", inputs.unit),
    field(`Min confidence (threshold ${threshold})`, inputs.min_confidence),
    field("New since", sinceInput),
    el("label", { class: "field toggle-field" }, el("span", { text: "Auto-refresh" }),
      el("span", {}, autoBox, el("span", { class: "small", text: ` every ${AUTO_REFRESH_MS / 1000} s ` }), refreshNote)),
    el("div", { class: "field buttons" },
      el("button", { type: "submit", class: "primary", text: "Apply" }),
      el("button", { type: "button", class: "ghost", text: "Reset", onclick: () => resetFilters() })),
    areaChip, actorOptions,
  );

  const mapBox = el("div", { class: "map-box" });
  const typeLegend = el("div", { class: "legend type-legend" });
  const timelineBox = el("div", { class: "timeline-box" });
  const typeBars = el("div", { class: "type-bars" });
  const listBox = el("div", { class: "event-list" });
  const listTitle = el("h2", { class: "card-title", text: "Events" });
  const csvLink = el("a", { class: "csv", href: "#", text: "Download CSV" });

  clear(root).append(
    form,
    el("div", { class: "grid-overview" },
      card("Where", mapBox, typeLegend),
      card("When", timelineBox, legend(QUAD), el("h2", { class: "card-title spaced", text: "What" }), typeBars),
    ),
    el("section", { class: "card" }, el("div", { class: "card-head" }, listTitle, csvLink), listBox),
  );

  const map = new EventMap(mapBox, {
    onSelect: (p) => {
      const d = 0.05;
      filters.bbox = [p.lon - d, p.lat - d, p.lon + d, p.lat + d].map((v) => v.toFixed(3)).join(",");
      areaLabel = p.place || `${p.lat}, ${p.lon}`;
      offset = 0;
      refresh({ map: false });
    },
  });

  facets().then((f) => {
    if (!f) return;
    const types = [...f.plover_types].sort((a, b) => PLOVER_ORDER.indexOf(a.value) - PLOVER_ORDER.indexOf(b.value));
    for (const t of types) inputs.plover_type.append(el("option", { value: t.value, text: `${t.value} (${fmtNumber(t.n)})` }));
    for (const o of f.outlets) inputs.outlet.append(el("option", { value: o.value, text: o.value }));
    for (const a of f.actor_countries) actorOptions.append(el("option", { value: a.value }));
    inputs.plover_type.value = filters.plover_type;
    inputs.outlet.value = filters.outlet;
    clear(typeLegend).append(...types.map((t) => {
      const sw = el("span", { class: "swatch round" });
      sw.style.background = ploverColor(t.value);
      return el("button", { type: "button", class: "legend-item as-button", title: `Show only ${t.value}`,
                            onclick: () => { inputs.plover_type.value = t.value; form.requestSubmit(); } },
                sw, t.value);
    }));
  });

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const key of FORM_KEYS) filters[key] = inputs[key].value.trim();
    filters.since = sinceInput.value ? new Date(sinceInput.value).toISOString() : "";
    offset = 0;
    refresh({ map: true });
  });

  function resetFilters() {
    for (const key of FILTER_KEYS) filters[key] = "";
    for (const input of Object.values(inputs)) input.value = "";
    sinceInput.value = "";
    filters.min_confidence = inputs.min_confidence.value = threshold;
    areaLabel = "";
    offset = 0;
    map.reset();
    refresh({ map: true });
  }

  function syncUrl() {
    const qs = new URLSearchParams();
    for (const [k, v] of Object.entries(filters)) if (v) qs.set(k, v);
    if (filters.bbox && areaLabel) qs.set("area", areaLabel);
    const s = qs.toString();
    history.replaceState(null, "", "#/" + (s ? "?" + s : ""));
    csvLink.href = "/api/events?" + new URLSearchParams({ ...nonEmpty(filters), format: "csv", limit: 1000 });
  }

  function showArea() {
    clear(areaChip);
    areaChip.hidden = !filters.bbox;
    if (!filters.bbox) return;
    areaChip.append(el("span", { text: "Area: " + (areaLabel || filters.bbox) }),
      el("button", { type: "button", class: "chip-x", "aria-label": "Clear area", text: "×",
                     onclick: () => { filters.bbox = ""; areaLabel = ""; offset = 0; refresh({ map: false }); } }));
  }

  async function refresh({ map: redrawMap }) {
    syncUrl();
    showArea();
    const base = nonEmpty(filters);
    const withoutArea = { ...base };
    delete withoutArea.bbox;
    const jobs = [loadList(base), loadTimeline(base)];
    if (redrawMap) jobs.push(api("/api/map", withoutArea).then((r) => map.setPoints(r.points)));
    await Promise.all(jobs.map((j) => j.catch((e) => showError(e))));
  }

  async function loadTimeline(base) {
    const r = await api("/api/timeline", base);
    drawTypeBars(typeBars, r.types, (type) => { inputs.plover_type.value = type; form.requestSubmit(); });
    stackedBars(timelineBox, r.days, {
      onBar: (d) => { filters.start = filters.end = d.day; inputs.start.value = inputs.end.value = d.day; offset = 0; refresh({ map: true }); },
    });
  }

  async function loadList(base) {
    const r = await api("/api/events", { ...base, limit: PAGE, offset });
    listTitle.textContent = `Events · ${fmtNumber(r.total)}`;
    clear(listBox);
    if (!r.items.length) {
      listBox.append(emptyNote("No events match these filters."));
      return;
    }
    const rows = r.items.map((e) => {
      const open = () => { location.hash = `#/article/${encodeURIComponent(e.article_id)}?item=${encodeURIComponent("events:" + e.id)}`; };
      const dyad = el("span", { class: "dyad" },
        actorLabel(e.actor1_name, e.actor1_country), el("span", { class: "arrow", text: " → " }),
        actorLabel(e.actor2_name, e.actor2_country));
      return el("tr", { class: "event-row", tabindex: 0, "data-article": e.article_id, "data-event": e.id,
                        onclick: open, onkeydown: (ev) => { if (ev.key === "Enter") open(); } },
        el("td", { class: "nowrap", text: fmtDate(e.day) }),
        el("td", {}, typeChip(e.plover_type), e.cameo_code ? el("span", { class: "muted small", text: " " + e.cameo_code }) : null),
        el("td", {}, dyad),
        el("td", { class: "what" }, el("strong", { text: e.trigger || "" }), el("span", { class: "muted", text: " " + truncate(e.text, 140) }),
          e.reviewed ? el("span", {}, " ", reviewBadge(e.review)) : null),
        el("td", { text: e.place_name || "" }),
        el("td", { class: "source" }, el("span", { class: "outlet", text: e.outlet || "" }), el("span", { class: "muted small title-line", text: truncate(e.title, 80) })),
      );
    });
    listBox.append(
      el("table", { class: "table" },
        el("thead", {}, el("tr", {}, ["Date", "Type", "Who → whom", "What", "Where", "Source"].map((h) => el("th", { text: h })))),
        el("tbody", {}, rows)),
      pager(r, (next) => { offset = next; loadList(nonEmpty(filters)).catch(showError); }),
    );
  }

  // Auto-refresh: the events view reloads while it is shown and the box is ticked.
  const timer = setInterval(() => {
    if (!root.contains(form)) { clearInterval(timer); return; }
    if (!autoBox.checked) return;
    refresh({ map: true }).then(() => { refreshNote.textContent = "updated " + new Date().toLocaleTimeString("en-GB"); });
  }, AUTO_REFRESH_MS);

  function showError(error) {
    clear(listBox).append(el("p", { class: "error", text: "Could not load: " + error.message }));
  }

  refresh({ map: true });
}

/** Events per PLOVER type as horizontal bars; clicking one filters to that type. */
function drawTypeBars(box, types, onPick) {
  clear(box);
  if (!types.length) return;
  const n = (t) => t.incidents ?? t.events;
  const max = Math.max(...types.map(n));
  for (const t of types.slice(0, 8)) {
    const fill = el("span", { class: "type-bar-fill" });
    fill.style.width = `${Math.max(2, (100 * n(t)) / max)}%`;
    fill.style.background = ploverColor(t.plover_type);
    box.append(el("button", { type: "button", class: "type-bar", title: `Show only ${t.plover_type || "uncoded"}`,
                              onclick: () => t.plover_type && onPick(t.plover_type) },
      el("span", { class: "type-bar-label", text: t.plover_type || "uncoded" }),
      el("span", { class: "type-bar-track" }, fill),
      el("span", { class: "type-bar-n", text: fmtNumber(n(t)) })));
  }
}

/** An ISO time as the value of a datetime-local input (local time, to the second). */
function localInput(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return "";
  const pad = (n) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

function nonEmpty(obj) {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v));
}

function actorLabel(name, country) {
  if (!name && !country) return el("span", { class: "muted", text: "—" });
  return el("span", { class: "actor" }, name || country, country && name ? el("span", { class: "code", text: country }) : null);
}

export function pager(r, go) {
  const from = r.total ? r.offset + 1 : 0;
  const to = Math.min(r.offset + r.limit, r.total);
  return el("div", { class: "pager" },
    el("button", { type: "button", class: "ghost", disabled: r.offset === 0, text: "‹ Previous",
                   onclick: () => go(Math.max(0, r.offset - r.limit)) }),
    el("span", { class: "muted", text: `${fmtNumber(from)}–${fmtNumber(to)} of ${fmtNumber(r.total)}` }),
    el("button", { type: "button", class: "ghost", disabled: to >= r.total, text: "Next ›",
                   onclick: () => go(r.offset + r.limit) }));
}
