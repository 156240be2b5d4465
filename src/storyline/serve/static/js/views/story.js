// Story views. The article story view sets an article's sources side by side: what each one
// claims and says, where they contradict each other, and the cross-article stories its events
// belong to. The story detail view shows one linked story: every outlet's mention in a column,
// the slot values per source, and the contradictions between sources.

import { api } from "../api.js";
import { typeChip } from "../colors.js";
import { card, clear, el, emptyNote, fmtDate, fmtNumber, truncate } from "../dom.js";
import { storyIncidents } from "./incidents.js";

function articleLink(articleId, key, text) {
  const href = `#/article/${encodeURIComponent(articleId)}` + (key ? `?item=${encodeURIComponent(key)}` : "");
  return el("a", { href, text });
}

function contradictionCard(c, articleId) {
  const values = el("div", { class: "versus" }, (c.sources || []).map((source, i) =>
    el("div", { class: "side" },
      el("div", { class: "side-source", text: source }),
      el("div", { class: "side-value", text: (c.values || [])[i] ?? "?" }))));
  return el("article", { class: `contradiction sev-${c.severity || "medium"}` },
    el("div", { class: "contra-head" },
      el("span", { class: "slot", text: c.slot }),
      el("span", { class: "severity", text: c.severity || "" })),
    values,
    c.explanation ? el("p", { class: "muted", text: c.explanation }) : null,
    articleId && c.claim_ids?.length ? articleLink(articleId, "claims:" + c.claim_ids[0], "Show in article") : null);
}

export async function renderArticleStory(root, articleId, params) {
  clear(root).append(el("p", { class: "loading", text: "Loading story…" }));
  let s;
  try {
    s = await api(`/api/articles/${encodeURIComponent(articleId)}/story`, { version: params.get("version") });
  } catch (error) {
    clear(root).append(el("p", { class: "error", text: `Could not load: ${error.message}` }));
    return;
  }
  const sources = s.sources.length
    ? s.sources.map((src) => el("article", { class: "source-card" },
        el("h3", {}, el("span", { text: src.name }), el("span", { class: "muted small", text: " " + (src.type || "") })),
        src.claims.map((c) => el("div", { class: "claim" }, el("span", { class: "verb", text: c.verb || "claims" }), " ",
          articleLink(articleId, "claims:" + c.id, c.text))),
        src.quotes.map((q) => el("blockquote", { class: "quote" }, articleLink(articleId, "quotes:" + q.id, `“${q.text}”`)))))
    : [emptyNote("No attributed claims or quotes were found.")];
  const contradictions = s.contradictions.length
    ? s.contradictions.map((c) => contradictionCard(c, articleId))
    : [emptyNote("The sources in this article do not contradict each other on any event detail.")];
  const stories = s.stories.length
    ? s.stories.map((st) => el("article", { class: "story-card" },
        el("div", {}, typeChip(st.plover_type), el("span", { class: "muted small", text: " " + fmtDate(st.event_date) })),
        el("a", { href: `#/stories/${encodeURIComponent(st.story_id)}`, class: "story-headline", text: truncate(st.headline, 140) }),
        el("div", { class: "muted small", text: `${fmtNumber(st.num_sources)} source(s) · ${fmtNumber(st.num_articles)} article(s) · ${fmtNumber(st.num_mentions)} mention(s)` })))
    : [emptyNote("Not linked to any cross-article story yet (run `storyline link`).")];
  clear(root).append(
    el("div", { class: "article-head" },
      articleLink(articleId, null, "← Article"),
      el("h1", { class: "article-title", text: s.title || "(untitled)" }),
      el("p", { class: "meta" }, el("span", { class: "outlet", text: s.outlet || "Unknown outlet" }),
        s.published ? el("span", { text: " · " + fmtDate(s.published) }) : null,
        el("span", { text: ` · ${fmtNumber(s.events)} event(s)` }))),
    el("div", { class: "story-columns" },
      card(`Sources (${s.sources.length})`, ...sources),
      card(`Contradictions (${s.contradictions.length})`, ...contradictions),
      card(`Stories across articles (${s.stories.length})`, ...stories)),
  );
}

export async function renderStory(root, storyId) {
  clear(root).append(el("p", { class: "loading", text: "Loading story…" }));
  let d;
  try {
    d = await api(`/api/stories/${encodeURIComponent(storyId)}`);
  } catch (error) {
    clear(root).append(el("p", { class: "error", text: `Could not load: ${error.message}` }));
    return;
  }
  const s = d.story;
  const dyad = `${s.actor1_name || s.actor1_country || "?"} → ${s.actor2_name || s.actor2_country || "?"}`;
  const mentions = d.mentions.map((m) => el("article", { class: "mention" },
    el("div", { class: "outlet", text: m.outlet || "Unknown outlet" }),
    el("div", { class: "muted small", text: fmtDate(m.published_ts) }),
    el("p", { text: m.text }),
    articleLink(m.article_id, "events:" + m.event_uid.split("/").pop(), truncate(m.title || "Open article", 90))));
  const incidents = await storyIncidents(storyId, () => renderStory(root, storyId));
  const slotRows = Object.entries(d.slots).map(([slot, values]) => el("tr", {},
    el("th", { text: slot }),
    el("td", {}, values.map((v) => el("span", { class: "slot-value" }, el("strong", { text: v.value }), el("span", { class: "muted", text: ` (${v.source})` }))))));
  clear(root).append(
    el("div", { class: "article-head" },
      el("a", { class: "back", href: "#/stories", text: "← Stories" }),
      el("h1", { class: "article-title", text: s.headline || "(story)" }),
      el("p", { class: "meta" }, typeChip(s.plover_type), el("span", { text: ` ${dyad}` }),
        s.place_name ? el("span", { text: " · " + s.place_name }) : null,
        s.event_date ? el("span", { text: " · " + fmtDate(s.event_date) }) : null,
        el("span", { text: ` · ${fmtNumber(s.num_sources)} source(s), ${fmtNumber(s.num_mentions)} mention(s)` }))),
    incidents,
    el("div", { class: "story-columns" },
      card(`Mentions (${d.mentions.length})`, el("div", { class: "mentions" }, mentions)),
      card("What each source says", slotRows.length ? el("table", { class: "record" }, el("tbody", {}, slotRows)) : emptyNote("No slot values.")),
      card(`Contradictions (${d.contradictions.length})`, ...(d.contradictions.length
        ? d.contradictions.map((c) => contradictionCard(c, null))
        : [emptyNote("No contradictions found among the values above.")]))),
  );
}
