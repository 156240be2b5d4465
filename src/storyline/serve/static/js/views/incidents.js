// Incidents: the list (one row per real-world incident, analysts' corrections applied) with
// its filters, and one incident with why each field was coded, its review controls, its
// mentions, its stories and its audit trail.

import { api, settings } from "../api.js";
import { PLOVER_ORDER, typeChip } from "../colors.js";
import { card, clear, el, emptyNote, fmtDate, fmtNumber, truncate } from "../dom.js";
import { fieldLabel, quickReview, reviewBadge, reviewPanel } from "../review.js";
import { pager } from "./overview.js";

const KEYS = ["plover_type", "actor1", "actor2", "country", "status", "timing", "min_confidence", "reviewed", "q"];
const PAGE = 25;


function toll(row, key) {
  const best = row[key];
  if (best === null || best === undefined) return "";
  const lo = row[key + "_low"], hi = row[key + "_high"];
  return lo !== null && hi !== null && (lo !== best || hi !== best) ? `${best} (${lo}–${hi})` : String(best);
}

function dyad(a, ac, b, bc) {
  const side = (n, c) => (n || c ? `${n || c}${n && c ? " (" + c + ")" : ""}` : "—");
  return `${side(a, ac)} → ${side(b, bc)}`;
}

export function incidentHref(key) {
  return `#/incident/${encodeURIComponent(key)}`;
}

export async function renderIncidents(root, params) {
  const conf = await settings();
  const filters = Object.fromEntries(KEYS.map((k) => [k, params.get(k) || ""]));
  if (!filters.min_confidence) filters.min_confidence = String(conf.default_min_confidence);
  let offset = 0;
  const field = (label, input) => el("label", { class: "field" }, el("span", { text: label }), input);
  const inputs = {
    plover_type: el("select", { name: "plover_type" }, el("option", { value: "", text: "All types" }),
      PLOVER_ORDER.map((t) => el("option", { value: t, text: t }))),
    actor1: el("input", { type: "text", name: "actor1", placeholder: "Perpetrator country (IRN)" }),
    actor2: el("input", { type: "text", name: "actor2", placeholder: "Target country (USA)" }),
    country: el("input", { type: "text", name: "country", placeholder: "Where (YEM)" }),
    status: el("select", { name: "status" }, el("option", { value: "", text: "Any status" }),
      ["asserted", "reported", "negated", "threatened", "planned", "hypothetical"].map((t) => el("option", { value: t, text: t }))),
    timing: el("select", { name: "timing" }, el("option", { value: "", text: "Current and background" }),
      el("option", { value: "current", text: "Current" }), el("option", { value: "background", text: "Background" })),
    min_confidence: el("input", { type: "number", name: "min_confidence", min: 0, max: 1, step: 0.05 }),
    reviewed: el("select", { name: "reviewed" }, el("option", { value: "", text: "Reviewed or not" }),
      el("option", { value: "true", text: "Reviewed" }), el("option", { value: "false", text: "Not reviewed" })),
    q: el("input", { type: "search", name: "q", placeholder: "Words…" }),
  };
  for (const k of KEYS) inputs[k].value = filters[k];
  const form = el("form", { class: "filters", role: "search", "aria-label": "Filter incidents" },
    field("Type", inputs.plover_type), field("Actor 1", inputs.actor1), field("Actor 2", inputs.actor2),
    field("Country", inputs.country), field("Status", inputs.status), field("Timing", inputs.timing),
    field(`Min confidence (default ${conf.default_min_confidence})`, inputs.min_confidence),
    field("Review", inputs.reviewed), field("Search", inputs.q),
    el("div", { class: "field buttons" }, el("button", { type: "submit", class: "primary", text: "Apply" })));
  const title = el("h2", { class: "card-title", text: "Incidents" });
  const list = el("div", { class: "incident-list" });
  clear(root).append(form, el("section", { class: "card" }, title, list));

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    for (const k of KEYS) filters[k] = inputs[k].value.trim();
    offset = 0;
    load();
  });

  async function load() {
    const qs = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
    history.replaceState(null, "", "#/incidents" + (qs.toString() ? "?" + qs : ""));
    let r;
    try {
      r = await api("/api/incidents", { ...Object.fromEntries(qs), limit: PAGE, offset });
    } catch (error) {
      clear(list).append(el("p", { class: "error", text: "Could not load: " + error.message }));
      return;
    }
    title.textContent = `Incidents · ${fmtNumber(r.total)} (confidence ≥ ${filters.min_confidence})`;
    clear(list);
    if (!r.items.length) {
      list.append(emptyNote("No incidents match these filters."));
      return;
    }
    const rows = r.items.map((i) => {
      const open = () => { location.hash = incidentHref(i.key); };
      return el("tr", { class: "incident-row", tabindex: 0, "data-key": i.key, onclick: open,
                        onkeydown: (ev) => { if (ev.key === "Enter") open(); } },
        el("td", { class: "nowrap", text: fmtDate(i.day) }),
        el("td", {}, typeChip(i.plover_type), i.acled_event_type ? el("div", { class: "muted small", text: i.acled_event_type }) : null),
        el("td", { text: dyad(i.actor1_name, i.actor1_country, i.actor2_name, i.actor2_country) }),
        el("td", { text: i.place_name || "" }),
        el("td", { class: "num", text: toll(i, "fatalities") }),
        el("td", { class: "num", text: i.confidence === null ? "" : Number(i.confidence).toFixed(2) }),
        el("td", {}, i.timing === "background" ? el("span", { class: "muted small", text: "background " }) : null,
          reviewBadge({ reviewer: i.reviewed_by, reason: i.review_reason }, i.review_action)),
        el("td", { class: "source" }, el("span", { class: "outlet", text: i.outlet || "" }),
          el("span", { class: "muted small title-line", text: truncate(i.title, 80) })));
    });
    list.append(el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ["Date", "Type", "Who → whom", "Where", "Killed", "Conf.", "Review", "Source"].map((h) => el("th", { text: h })))),
      el("tbody", {}, rows)),
    pager(r, (next) => { offset = next; load(); }));
  }
  load();
}

export async function renderIncident(root, key) {
  clear(root).append(el("p", { class: "loading", text: "Loading incident…" }));
  let d;
  let text = "";
  try {
    d = await api(`/api/incidents/${encodeURIComponent(key)}`);
    text = (await api(`/api/articles/${encodeURIComponent(d.article_id)}`)).article.text;
  } catch (error) {
    clear(root).append(el("p", { class: "error", text: `Could not load incident: ${error.message}` }));
    return;
  }
  const item = d.incident;
  const whyHost = el("div", { class: "why-host" });
  const rows = [];
  for (const [field, value] of Object.entries(item)) {
    if (value === null || value === undefined || ["why", "review", "reviewed", "span", "id"].includes(field)) continue;
    if (Array.isArray(value) && !value.length) continue;
    const shown = typeof value === "object" ? compact(value) : String(value);
    rows.push(el("tr", { class: item.why?.[field] ? "has-why" : null },
      el("th", {}, fieldLabel(field, item.why?.[field], text, whyHost)), el("td", {}, el("code", { text: shown }))));
  }
  const mention = Array.isArray(item.span) ? text.slice(item.span[0], item.span[1]) : "";
  clear(root).append(
    el("div", { class: "article-head" },
      el("a", { class: "back", href: "#/incidents", text: "← Incidents" }),
      el("h1", { class: "article-title", id: "incident-title",
                 text: `${item.plover_type || "Incident"}: ${dyad(d.actor1_name, d.actor1_country, d.actor2_name, d.actor2_country)}` }),
      el("p", { class: "meta" }, typeChip(item.plover_type), " ", reviewBadge(item.review),
        el("span", { text: ` ${d.place_name || "unknown place"} · ${fmtDate(d.day)} · ${d.outlet || ""}` }),
        el("span", { text: " · " }),
        el("a", { class: "article-link", href: `#/article/${encodeURIComponent(d.article_id)}?item=${encodeURIComponent("incidents:" + item.id)}`,
                  text: truncate(d.title || "Article", 80) }))),
    el("div", { class: "article-layout" },
      card("What happened",
        mention ? el("blockquote", { class: "span-text", text: mention }) : null,
        whyHost,
        el("table", { class: "record" }, el("tbody", {}, rows)),
        el("h3", { class: "sub", text: `Mentions (${d.events.length})` }),
        el("ul", { class: "item-links" }, d.events.map((e) => el("li", {},
          el("a", { href: `#/article/${encodeURIComponent(d.article_id)}?item=${encodeURIComponent("events:" + e.id)}`,
                    text: `${e.plover_type || "?"}: ${e.trigger || ""}` }), " ", reviewBadge(null, e.review_action)))),
        el("h3", { class: "sub", text: "Stories" }),
        d.stories.length
          ? el("ul", { class: "item-links story-links" }, d.stories.map((s) => el("li", {},
              el("a", { href: `#/stories/${encodeURIComponent(s.story_id)}`, text: truncate(s.headline || s.story_id, 100) }),
              el("span", { class: "muted small", text: ` ${fmtNumber(s.num_sources)} source(s)` }))))
          : emptyNote("Not in a linked story yet (run `storyline link`).")),
      el("aside", { class: "side-panel" },
        reviewPanel("incident", d.article_id, item, () => renderIncident(root, key)),
        el("h3", { class: "sub", text: "Audit trail" }),
        d.history.length
          ? el("ul", { class: "history" }, d.history.map((h) => el("li", {},
              el("strong", { text: h.action }), el("span", { text: ` by ${h.reviewer} · ${h.created_at}` }),
              Object.keys(h.changes).length ? el("code", { class: "small", text: " " + JSON.stringify(h.changes) }) : null,
              h.reason ? el("div", { class: "review-reason", text: h.reason }) : null)))
          : emptyNote("No reviews yet."))),
  );
}

function compact(value) {
  if (Array.isArray(value)) return value.map((v) => (typeof v === "object" && v !== null ? compact(v) : String(v))).join("; ");
  return Object.entries(value).filter(([k, v]) => v !== null && v !== undefined && k !== "span" && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k}: ${typeof v === "object" ? compact(v) : v}`).join(", ");
}

/** A story's incidents, with their review state and Confirm / Reject, for the story view. */
export async function storyIncidents(storyId, onChange) {
  let r;
  try {
    r = await api(`/api/stories/${encodeURIComponent(storyId)}/incidents`, { include_rejected: true });
  } catch (error) {
    return card("Incidents", el("p", { class: "error", text: "Could not load: " + error.message }));
  }
  return card(`Incidents (${r.items.length})`, r.items.length
    ? el("ul", { class: "item-links story-incidents" }, r.items.map((i) => el("li", { "data-key": i.key,
                                                                                    class: i.review_action === "reject" ? "rejected" : null },
        el("a", { href: incidentHref(i.key), text: `${i.plover_type || "?"}: ${dyad(i.actor1_name, i.actor1_country, i.actor2_name, i.actor2_country)}` }),
        el("span", { class: "muted small", text: ` ${i.place_name || ""} ${fmtDate(i.day)} ${i.fatalities !== null ? "· " + toll(i, "fatalities") + " killed" : ""}` }),
        " ", reviewBadge({ reviewer: i.reviewed_by, reason: i.review_reason }, i.review_action),
        " ", quickReview("incident", i.article_id, i.id, onChange),
        el("a", { class: "small", href: incidentHref(i.key), text: " Edit…" }))))
    : emptyNote("No incidents were read from this story's mentions."));
}

/** The review queue: unreviewed events and incidents, least sure and deadliest first. */
export async function renderQueue(root, params) {
  const kind = params.get("kind") || "";
  clear(root).append(el("p", { class: "loading", text: "Loading the review queue…" }));
  let r;
  try {
    r = await api("/api/review/queue", { kind, limit: 100 });
  } catch (error) {
    clear(root).append(el("p", { class: "error", text: "Could not load: " + error.message }));
    return;
  }
  const pick = el("select", { name: "kind", "aria-label": "Kind",
                              onchange: (e) => { location.hash = "#/review" + (e.target.value ? "?kind=" + e.target.value : ""); } },
    [["", "Events and incidents"], ["incident", "Incidents"], ["event", "Events"]].map(([v, t]) =>
      el("option", { value: v, text: t, selected: v === kind })));
  const href = (q) => (q.kind === "incident" ? incidentHref(`${q.article_id}.${q.id}`)
    : `#/article/${encodeURIComponent(q.article_id)}?item=${encodeURIComponent("events:" + q.id)}`);
  const rows = r.items.map((q) => el("tr", { class: "queue-row", "data-kind": q.kind, "data-key": `${q.article_id}.${q.id}` },
    el("td", { class: "num", text: Number(q.priority).toFixed(2) }),
    el("td", { text: q.kind }),
    el("td", {}, typeChip(q.plover_type)),
    el("td", { text: dyad(q.actor1_name, q.actor1_country, q.actor2_name, q.actor2_country) }),
    el("td", { class: "num", text: q.fatalities === null || q.fatalities === undefined ? "" : String(q.fatalities) }),
    el("td", { class: "num", text: q.confidence === null ? "" : Number(q.confidence).toFixed(2) }),
    el("td", {}, el("a", { href: href(q), text: truncate(q.text || "(no sentence)", 110) }))));
  clear(root).append(el("section", { class: "card" },
    el("div", { class: "card-head" }, el("h2", { class: "card-title", text: `Review queue · ${r.items.length}` }), pick),
    el("p", { class: "muted small", text: "Priority = (1 − confidence) + 0.3 material conflict / 0.1 verbal conflict + 0.25 · log10(1 + killed). Open an item to confirm, reject or correct it." }),
    r.items.length
      ? el("table", { class: "table" },
          el("thead", {}, el("tr", {}, ["Priority", "Kind", "Type", "Who → whom", "Killed", "Conf.", "What"].map((h) => el("th", { text: h })))),
          el("tbody", {}, rows))
      : emptyNote("Nothing left to review.")));
}
