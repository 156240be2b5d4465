// Stories list: story events linked across articles, most widely reported first.

import { api } from "../api.js";
import { typeChip } from "../colors.js";
import { card, clear, el, emptyNote, fmtDate, fmtNumber, truncate } from "../dom.js";
import { pager } from "./overview.js";

export async function renderStories(root, params) {
  let offset = 0;
  const q = el("input", { type: "search", placeholder: "Words in the headline…", value: params.get("q") || "" });
  const actor = el("input", { type: "text", placeholder: "Actor (USA, Iran…)", value: params.get("actor") || "" });
  const multi = el("input", { type: "checkbox", checked: params.get("min_sources") === "2" });
  const box = el("div");
  const form = el("form", { class: "filters", role: "search", onsubmit: (e) => { e.preventDefault(); offset = 0; load(); } },
    el("label", { class: "field" }, el("span", { text: "Search" }), q),
    el("label", { class: "field" }, el("span", { text: "Actor" }), actor),
    el("label", { class: "field check" }, multi, el("span", { text: "Reported by 2+ sources" })),
    el("div", { class: "field buttons" }, el("button", { type: "submit", class: "primary", text: "Apply" })));
  clear(root).append(form, card("Stories", box));

  async function load() {
    let r;
    try {
      r = await api("/api/stories", { q: q.value, actor: actor.value, min_sources: multi.checked ? 2 : "", limit: 25, offset });
    } catch (error) {
      clear(box).append(el("p", { class: "error", text: error.message }));
      return;
    }
    clear(box);
    if (!r.items.length) {
      box.append(emptyNote("No stories. Stories appear after `storyline link` has grouped events across articles."));
      return;
    }
    box.append(el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ["Date", "Type", "Who → whom", "Headline", "Where", "Sources", "Mentions"].map((h) => el("th", { text: h })))),
      el("tbody", {}, r.items.map((s) => {
        const open = () => { location.hash = `#/stories/${encodeURIComponent(s.story_id)}`; };
        return el("tr", { class: "event-row", tabindex: 0, onclick: open, onkeydown: (e) => { if (e.key === "Enter") open(); } },
          el("td", { class: "nowrap", text: fmtDate(s.event_date) }), el("td", {}, typeChip(s.plover_type)),
          el("td", { text: `${s.actor1_country || s.actor1_name || "—"} → ${s.actor2_country || s.actor2_name || "—"}` }),
          el("td", { text: truncate(s.headline, 140) }), el("td", { text: s.place_name || "" }),
          el("td", { class: "num", text: fmtNumber(s.num_sources) }), el("td", { class: "num", text: fmtNumber(s.num_mentions) }));
      }))),
      pager(r, (next) => { offset = next; load(); }));
  }
  load();
}
