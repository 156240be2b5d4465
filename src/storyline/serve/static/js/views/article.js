// Article view: the clean text with every extracted item highlighted from its span; clicking
// a highlight shows that item's structured record in the side panel.

import { api } from "../api.js";
import { ploverColor, typeChip } from "../colors.js";
import { card, clear, el, emptyNote, fmtDate, safeUrl, truncate } from "../dom.js";
import { fieldLabel, reviewBadge, reviewPanel } from "../review.js";

export const LAYERS = [
  { kind: "event", label: "Event clause", on: true },
  { kind: "incident", label: "Incident", on: false },
  { kind: "trigger", label: "Trigger", on: true },
  { kind: "actor", label: "Actor", on: true },
  { kind: "place", label: "Place", on: true },
  { kind: "quantity", label: "Quantity", on: true },
  { kind: "quote", label: "Quote", on: true },
  { kind: "claim", label: "Claim", on: false },
  { kind: "entity", label: "Named entity", on: false },
];

/** Every highlightable thing in the document, with the record the side panel shows. */
export function collectItems(doc) {
  const items = [];
  const add = (kind, key, span, label, record, color, why) => {
    if (!span || span.length !== 2) return;
    const [start, end] = span;
    if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end > start && end <= doc.article.text.length)) return;
    items.push({ kind, key, start, end, label, record, color, why: why || record.why || null });
  };
  for (const e of doc.events) {
    const key = "events:" + e.id;
    const color = ploverColor(e.plover_type);
    add("event", key, e.span, `${e.plover_type || "Event"}: ${e.trigger?.text || ""}`, e, color);
    if (e.trigger) add("trigger", key, e.trigger.span, `${e.plover_type || "Event"}: ${e.trigger.text}`, e, color);
    for (const role of ["actor1", "actor2"]) {
      const a = e[role];
      // An actor's fields were coded as the event's actor1/actor2: its why is the event's.
      const why = e.why?.[role] ? Object.fromEntries(["text", "name", "country", "sector", "cameo", "kind"].map((f) => [f, e.why[role]])) : null;
      if (a) add("actor", `${key}:${role}`, a.span, `${role === "actor1" ? "Source" : "Target"} actor: ${a.name || a.text}`, a, null, why);
    }
  }
  for (const i of doc.incidents || []) {
    add("incident", "incidents:" + i.id, i.span, `Incident: ${i.plover_type || "?"} ${i.acled_event_type ? "(" + i.acled_event_type + ")" : ""}`.trim(),
        i, ploverColor(i.plover_type));
  }
  for (const p of doc.places) add("place", "places:" + p.id, p.span, `Place: ${p.name || p.text}`, p);
  for (const q of doc.quantities) add("quantity", "quantities:" + q.id, q.span, `Quantity: ${q.text}`, q);
  for (const q of doc.quotes) add("quote", "quotes:" + q.id, q.span, `Quote: ${q.speaker?.name || "unattributed"}`, q);
  for (const c of doc.claims) add("claim", "claims:" + c.id, c.span, `Claim by ${c.source?.name || "?"}`, c);
  doc.entities.forEach((n, i) => add("entity", "entities:" + i, n.span, `${n.label}: ${n.text}`, n));
  return items;
}

/** Split the text at every span boundary; each piece knows which items cover it. */
export function segment(text, items) {
  const cuts = new Set([0, text.length]);
  for (const it of items) { cuts.add(it.start); cuts.add(it.end); }
  const points = [...cuts].sort((a, b) => a - b);
  const pieces = [];
  for (let i = 0; i < points.length - 1; i++) {
    const [s, e] = [points[i], points[i + 1]];
    pieces.push({ start: s, end: e, items: items.filter((it) => it.start <= s && it.end >= e) });
  }
  return pieces;
}

export async function renderArticle(root, articleId, params) {
  clear(root).append(el("p", { class: "loading", text: "Loading article…" }));
  let doc;
  try {
    doc = await api(`/api/articles/${encodeURIComponent(articleId)}`, { version: params.get("version") });
  } catch (error) {
    clear(root).append(el("p", { class: "error", text: `Could not load article: ${error.message}` }));
    return;
  }
  const a = doc.article;
  const layers = new Map(LAYERS.map((l) => [l.kind, l.on]));
  const items = collectItems(doc);
  const textBox = el("div", { class: "article-text", id: "article-text" });
  const panel = el("aside", { class: "side-panel", "aria-live": "polite" });
  let segments = [];
  let selected = null;

  function renderText() {
    clear(textBox);
    const visible = items.filter((it) => layers.get(it.kind));
    segments = [];
    // Paragraph breaks in the clean text become paragraphs; spans never cross the DOM oddly
    // because each piece is a leaf <span>.
    let para = el("p");
    textBox.append(para);
    for (const piece of segment(a.text, visible)) {
      const chunks = a.text.slice(piece.start, piece.end).split(/(\n+)/);
      for (const chunk of chunks) {
        if (!chunk) continue;
        if (/^\n+$/.test(chunk)) { para = el("p"); textBox.append(para); continue; }
        if (!piece.items.length) { para.append(document.createTextNode(chunk)); continue; }
        const kinds = [...new Set(piece.items.map((it) => it.kind))];
        const span = el("span", { class: "hl " + kinds.map((k) => "k-" + k).join(" "), tabindex: -1 });
        span.textContent = chunk;
        const ev = piece.items.find((it) => it.kind === "event" || it.kind === "trigger" || it.kind === "incident");
        if (ev) span.style.setProperty("--ev", ev.color);
        if (piece.items.some((it) => it.record?.review?.action === "reject")) span.classList.add("rejected");
        span.addEventListener("click", (event) => {
          event.stopPropagation();
          // The innermost (shortest) item under the pointer is the one meant.
          const inner = [...piece.items].sort((x, y) => (x.end - x.start) - (y.end - y.start))[0];
          select(inner.key, { scroll: false, under: piece.items });
        });
        segments.push({ el: span, items: piece.items });
        para.append(span);
      }
    }
    if (selected) markSelected(selected);
  }

  function markSelected(key) {
    let first = null;
    for (const s of segments) {
      const on = s.items.some((it) => it.key === key);
      s.el.classList.toggle("selected", on);
      if (on && !first) first = s.el;
    }
    return first;
  }

  const toggleBoxes = new Map();

  function select(key, { scroll = true, under = null } = {}) {
    selected = key;
    const item = items.find((it) => it.key === key);
    if (item && !layers.get(item.kind)) {  // asked for an item of a hidden layer: show the layer
      layers.set(item.kind, true);
      toggleBoxes.get(item.kind).checked = true;
      renderText();
    }
    const first = markSelected(key);
    if (first && scroll) first.scrollIntoView({ block: "center" });
    showPanel(item, under);
    const qs = new URLSearchParams(params);
    qs.set("item", key);
    history.replaceState(null, "", `#/article/${encodeURIComponent(articleId)}?${qs}`);
  }

  async function reload(key) {
    const qs = new URLSearchParams(params);
    qs.set("item", key);
    await renderArticle(root, articleId, qs);
  }

  function showPanel(item, under) {
    clear(panel);
    const key = item ? item.key : null;
    if (!item) {
      panel.append(el("h2", { class: "card-title", text: "Extracted items" }), itemIndex());
      return;
    }
    const reviewKind = item.kind === "event" || item.kind === "trigger" ? "event" : item.kind === "incident" ? "incident" : null;
    const whyHost = el("div", { class: "why-host" });
    panel.append(...[
      el("div", { class: "panel-head" },
        el("span", { class: "kind-badge k-" + item.kind, text: item.kind }),
        reviewBadge(item.record.review),
        el("button", { type: "button", class: "ghost small", text: "All items", onclick: () => { selected = null; markSelected(""); showPanel(null); } })),
      el("h2", { class: "panel-title", text: item.label }),
      el("blockquote", { class: "span-text", text: a.text.slice(item.start, item.end) }),
      whyHost,
      recordTable(item.record, item.why, a.text, whyHost),
      reviewKind === "incident" ? el("p", {}, el("a", { href: `#/incident/${encodeURIComponent(articleId + "." + item.record.id)}`, text: "Open the incident" })) : null,
      reviewKind ? reviewPanel(reviewKind, articleId, item.record, () => reload(key)) : null,
      el("details", { class: "raw" }, el("summary", { text: "JSON record" }),
        el("pre", { text: JSON.stringify(item.record, null, 2) })),
    ].filter(Boolean));  // DOM append writes null as text
    const others = (under || []).filter((it) => it.key !== item.key);
    if (others.length) {
      panel.append(el("h3", { class: "sub", text: "Also here" }),
        el("ul", { class: "item-links" }, others.map((it) =>
          el("li", {}, el("button", { type: "button", class: "link", text: it.label, onclick: () => select(it.key, { scroll: false, under }) })))));
    }
  }

  function itemIndex() {
    const groups = [["Incidents", "incident"], ["Events", "event"], ["Quotes", "quote"], ["Places", "place"], ["Quantities", "quantity"], ["Claims", "claim"]];
    const box = el("div", { class: "item-index" });
    for (const [title, kind] of groups) {
      const list = items.filter((it) => it.kind === kind);
      if (!list.length) continue;
      box.append(el("h3", { class: "sub", text: `${title} (${list.length})` }),
        el("ul", { class: "item-links" }, list.map((it) =>
          el("li", {}, el("button", { type: "button", class: "link", text: truncate(it.label, 80), onclick: () => select(it.key) })))));
    }
    if (!box.firstChild) box.append(emptyNote("Nothing was extracted from this article."));
    return box;
  }

  const url = safeUrl(a.url);
  const versionSelect = doc.versions.length > 1
    ? el("select", { class: "version", "aria-label": "Version",
                     onchange: (e) => { location.hash = `#/article/${encodeURIComponent(articleId)}?version=${e.target.value}`; } },
      doc.versions.map((v) => el("option", { value: v.version, selected: v.version === doc.version,
                                             text: `Version ${v.version}${v.version === doc.latest_version ? " (latest)" : ""}` })))
    : null;
  const toggles = el("div", { class: "layer-toggles", role: "group", "aria-label": "Highlight layers" },
    LAYERS.map((l) => {
      const n = items.filter((it) => it.kind === l.kind).length;
      const box = el("input", { type: "checkbox", checked: l.on, onchange: (e) => { layers.set(l.kind, e.target.checked); renderText(); } });
      toggleBoxes.set(l.kind, box);
      return el("label", { class: "toggle k-" + l.kind }, box, el("span", { class: "sample", text: l.label }), el("span", { class: "muted small", text: ` ${n}` }));
    }));

  clear(root).append(
    el("div", { class: "article-head" },
      el("a", { class: "back", href: "#/", text: "← Events" }),
      el("h1", { class: "article-title", id: "article-title", text: a.title || "(untitled)" }),
      el("p", { class: "meta" },
        el("span", { class: "outlet", text: a.outlet || "Unknown outlet" }),
        a.published ? el("span", { text: " · " + fmtDate(a.published) }) : null,
        a.authors?.length ? el("span", { text: " · " + a.authors.join(", ") }) : null,
        versionSelect ? el("span", { text: " · " }) : null, versionSelect,
        url ? el("span", { text: " · " }) : null,
        url ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank", text: "Original" }) : null,
        el("span", { text: " · " }),
        el("a", { href: `#/story/${encodeURIComponent(articleId)}${doc.version !== doc.latest_version ? "?version=" + doc.version : ""}`, text: "Story view" })),
      toggles),
    el("div", { class: "article-layout" }, card(null, textBox), panel),
  );
  renderText();
  const wanted = params.get("item");
  if (wanted && items.some((it) => it.key === wanted)) select(wanted);
  else showPanel(null);
}

/** The item's fields; a field whose coding the item explains (``why``) opens its why box on click. */
function recordTable(record, why, articleText, whyHost) {
  const rows = [];
  for (const [key, value] of Object.entries(record || {})) {
    if (value === null || value === undefined || key === "span" || (Array.isArray(value) && !value.length)) continue;
    if (key === "why" || key === "review" || key === "reviewed") continue;
    let shown;
    if (key === "plover_type") shown = typeChip(value);
    else if (typeof value === "object") shown = el("code", { text: compact(value) });
    else shown = String(value);
    const fieldWhy = why ? why[key] : null;
    rows.push(el("tr", { class: fieldWhy ? "has-why" : null }, el("th", {}, fieldLabel(key, fieldWhy, articleText, whyHost)), el("td", {}, shown)));
  }
  return el("table", { class: "record" }, el("tbody", {}, rows));
}

function compact(value) {
  if (Array.isArray(value)) return value.map(compact).join("; ");
  return Object.entries(value).filter(([k, v]) => v !== null && v !== undefined && k !== "span" && !(Array.isArray(v) && !v.length))
    .map(([k, v]) => `${k}: ${typeof v === "object" ? compact(v) : v}`).join(", ");
}
