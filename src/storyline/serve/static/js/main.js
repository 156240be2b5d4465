// Hash router: #/ events, #/article/ID, #/story/ID, #/stories[/ID], #/incidents, #/incident/KEY, #/review, #/trend, #/articles, #/sources.

import { api } from "./api.js";
import { clear, el, fmtNumber } from "./dom.js";
import { renderArticle } from "./views/article.js";
import { renderArticles } from "./views/articles.js";
import { renderIncident, renderIncidents, renderQueue } from "./views/incidents.js";
import { renderOverview } from "./views/overview.js";
import { renderArticleStory, renderStory } from "./views/story.js";
import { renderSources } from "./views/sources.js";
import { renderStories } from "./views/stories.js";
import { renderTrend } from "./views/trend.js";

const view = document.getElementById("view");

function parseHash() {
  const raw = location.hash.replace(/^#/, "") || "/";
  const [path, qs] = raw.split("?");
  return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(qs || "") };
}

function setActiveTab(name) {
  for (const a of document.querySelectorAll(".tabs a")) a.classList.toggle("active", a.dataset.view === name);
}

async function route() {
  const { parts, params } = parseHash();
  const [head, id] = parts;
  window.scrollTo(0, 0);
  try {
    if (head === "article" && id) { setActiveTab("articles"); await renderArticle(view, id, params); }
    else if (head === "story" && id) { setActiveTab("stories"); await renderArticleStory(view, id, params); }
    else if (head === "stories" && id) { setActiveTab("stories"); await renderStory(view, id); }
    else if (head === "stories") { setActiveTab("stories"); await renderStories(view, params); }
    else if (head === "incidents") { setActiveTab("incidents"); await renderIncidents(view, params); }
    else if (head === "incident" && id) { setActiveTab("incidents"); await renderIncident(view, id); }
    else if (head === "review") { setActiveTab("review"); await renderQueue(view, params); }
    else if (head === "trend") { setActiveTab("trend"); await renderTrend(view, params); }
    else if (head === "articles") { setActiveTab("articles"); await renderArticles(view, params); }
    else if (head === "sources") { setActiveTab("sources"); await renderSources(view); }
    else { setActiveTab("overview"); await renderOverview(view, params); }
  } catch (error) {
    clear(view).append(el("p", { class: "error", text: "Something went wrong: " + error.message }));
  }
}

async function showStats() {
  try {
    const s = await api("/api/stats");
    const c = s.counts;
    document.getElementById("stats").textContent =
      `${fmtNumber(c.articles)} articles · ${fmtNumber(c.events)} events · ${fmtNumber(c.quotes)} quotes`;
  } catch { /* the header is decoration */ }
}

window.addEventListener("hashchange", route);
route();
showStats();
