// Articles list: every stored article (latest version), searchable.

import { api } from "../api.js";
import { card, clear, el, emptyNote, fmtDate, fmtNumber } from "../dom.js";
import { pager } from "./overview.js";

export async function renderArticles(root, params) {
  let offset = 0;
  const q = el("input", { type: "search", placeholder: "Words in title or text…", value: params.get("q") || "" });
  const box = el("div");
  clear(root).append(
    el("form", { class: "filters", role: "search", onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } },
      el("label", { class: "field wide" }, el("span", { text: "Search" }), q),
      el("div", { class: "field buttons" }, el("button", { type: "submit", class: "primary", text: "Search" }))),
    card("Articles", box));

  async function load() {
    const r = await api("/api/articles", { q: q.value.trim(), limit: 25, offset });
    clear(box);
    if (!r.items.length) {
      box.append(emptyNote("No articles."));
      return;
    }
    box.append(el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ["Published", "Title", "Outlet", "Events", "Quotes", "Contradictions"].map((h) => el("th", { text: h })))),
      el("tbody", {}, r.items.map((a) => {
        const open = () => { location.hash = `#/article/${encodeURIComponent(a.article_id)}`; };
        return el("tr", { class: "event-row", tabindex: 0, onclick: open, onkeydown: (e) => { if (e.key === "Enter") open(); } },
          el("td", { class: "nowrap", text: fmtDate(a.published) }),
          el("td", {}, el("strong", { text: a.title || "(untitled)" }), a.version > 1 ? el("span", { class: "muted small", text: ` · v${a.version}` }) : null),
          el("td", { text: a.outlet || "" }), el("td", { class: "num", text: fmtNumber(a.n_events) }),
          el("td", { class: "num", text: fmtNumber(a.n_quotes) }), el("td", { class: "num", text: fmtNumber(a.n_contradictions) }));
      }))),
      pager(r, (next) => { offset = next; load(); }));
  }
  load();
}
