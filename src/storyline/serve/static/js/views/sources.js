// Sources: watched feeds, sitemaps and pages (`storyline sources add`), their health and errors.
// Refreshes every minute while shown, so a running `storyline watch` can be followed.

import { api } from "../api.js";
import { card, clear, el, emptyNote, fmtNumber, safeUrl, truncate } from "../dom.js";

const HEALTH_COLORS = { ok: "#2e7d32", degraded: "#e08214", failing: "#c62828", "never polled": "#8a96a3" };
const REFRESH_MS = 60000;
let timer = null;

function healthChip(health) {
  const chip = el("span", { class: "chip", text: health });
  chip.style.setProperty("--chip", HEALTH_COLORS[health] || "#8a96a3");
  return chip;
}

function when(value) {
  if (!value) return "";
  const d = new Date(value.endsWith("Z") || value.includes("+") ? value : value + "Z");
  return Number.isNaN(d.getTime()) ? value : d.toISOString().slice(0, 16).replace("T", " ") + " UTC";
}

function every(seconds) {
  if (!seconds) return "default";
  if (seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds % 60 === 0) return `${seconds / 60}m`;
  return `${seconds}s`;
}

function link(url) {
  const href = safeUrl(url);
  return href ? el("a", { href, rel: "noopener noreferrer", target: "_blank", text: truncate(url, 90) }) : truncate(url, 90);
}

export async function renderSources(root) {
  const box = el("div");
  const stamp = el("span", { class: "muted small" });
  const refresh = el("button", { type: "button", text: "Refresh", onclick: () => load() });
  clear(root).append(card("Sources", el("p", { class: "muted small" },
    "Feeds, sitemaps and pages followed with `storyline sources add URL` and polled by `storyline watch`. ",
    refresh, " ", stamp), box));

  async function load() {
    let r;
    try {
      r = await api("/api/sources", { errors: 5 });
    } catch (error) {
      clear(box).append(el("p", { class: "error", text: error.message }));
      return;
    }
    stamp.textContent = "updated " + new Date().toLocaleTimeString();
    clear(box);
    if (!r.items.length) {
      box.append(emptyNote("No sources yet. Add one with `storyline sources add https://…/feed.xml`, then run `storyline watch`."));
      return;
    }
    box.append(el("table", { class: "table" },
      el("thead", {}, el("tr", {}, ["Source", "Kind", "Health", "Every", "Last poll", "Next poll", "Listed", "Articles", "Errors", "Last error"]
        .map((h) => el("th", { text: h })))),
      el("tbody", {}, r.items.map((s) => [
        el("tr", {},
          el("td", {}, link(s.url)), el("td", { text: s.kind || "" }), el("td", {}, healthChip(s.health)),
          el("td", { text: every(s.every_seconds) }), el("td", { class: "nowrap", text: when(s.last_poll) }),
          el("td", { class: "nowrap", text: when(s.next_poll) }), el("td", { class: "num", text: fmtNumber(s.last_poll_listed) }),
          el("td", { class: "num", text: fmtNumber(s.articles) }), el("td", { class: "num", text: fmtNumber(s.errors) }),
          el("td", { class: "small", text: truncate(s.last_error || "", 140) })),
        s.recent_errors.length ? el("tr", { class: "sub-row" }, el("td", { colspan: 10 },
          el("details", {}, el("summary", { class: "small", text: `${s.recent_errors.length} failed URL(s)` }),
            el("ul", { class: "small" }, s.recent_errors.map((e) =>
              el("li", {}, link(e.url), ` — ${e.error || ""}` + (e.retry_at ? ` (retry from ${when(e.retry_at)})` : ""))))))) : null,
      ]))));
  }

  if (timer) clearInterval(timer);
  timer = setInterval(() => {
    if (!document.body.contains(box)) { clearInterval(timer); timer = null; return; }
    load();
  }, REFRESH_MS);
  await load();
}
