// Review controls (confirm / reject / edit an event or incident, with a reason) and the "why"
// box of a field. Everything shown is set as text through the DOM (reasons are untrusted too).

import { settings } from "./api.js";
import { PLOVER_ORDER } from "./colors.js";
import { el } from "./dom.js";

const TOKEN_KEY = "storyline-token";
const REVIEWER_KEY = "storyline-reviewer";

export function savedToken() {
  try { return sessionStorage.getItem(TOKEN_KEY) || ""; } catch { return ""; }
}

export function savedReviewer() {
  try { return localStorage.getItem(REVIEWER_KEY) || ""; } catch { return ""; }
}

function remember(token, reviewer) {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    if (reviewer) localStorage.setItem(REVIEWER_KEY, reviewer);
  } catch { /* private mode: ask again next time */ }
}

export async function postReview(body, token) {
  const response = await fetch("/api/review", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", Authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  let payload = null;
  try { payload = await response.json(); } catch { /* not JSON */ }
  if (!response.ok) {
    const detail = payload && payload.detail;
    throw new Error(typeof detail === "string" ? detail : detail ? JSON.stringify(detail) : response.statusText);
  }
  return payload;
}

// ACLED's six event types (codebook names).
const ACLED_TYPES = ["Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
                     "Strategic developments"];

const ACTION_TEXT = { confirm: "✓ Confirmed", reject: "✗ Rejected", edit: "✎ Corrected" };

/** A small badge for a reviewed row or item (nothing when unreviewed). */
export function reviewBadge(review, action) {
  const act = action || review?.action;
  if (!act) return null;
  const who = review?.reviewer ? ` by ${review.reviewer}` : "";
  return el("span", { class: `review-badge rv-${act}`, title: review?.reason || "", text: (ACTION_TEXT[act] || act) + who });
}

/** The fields an analyst may correct, per kind: [column, label, current value of a contract item, options]. */
function editableFields(kind, item) {
  const a1 = item.actor1 || {};
  const a2 = item.actor2 || {};
  const loc = item.location || {};
  const fields = [
    ["plover_type", "Type", item.plover_type, PLOVER_ORDER],
    ["actor1_name", "Actor 1", a1.name || a1.text],
    ["actor1_country", "Actor 1 country", a1.country],
    ["actor1_sector", "Actor 1 sector", a1.sector],
    ["actor2_name", "Actor 2", a2.name || a2.text],
    ["actor2_country", "Actor 2 country", a2.country],
    ["actor2_sector", "Actor 2 sector", a2.sector],
    ["place_name", "Place", loc.name],
    ["place_country", "Place country", loc.country],
    ["event_date", "Date", item.date?.value && item.date.value.length === 10 ? item.date.value : ""],
    ["status", "Status", item.status, ["asserted", "negated", "threatened", "planned", "hypothetical", "reported"]],
  ];
  if (kind === "incident") {
    fields.push(["acled_event_type", "ACLED event type", item.acled_event_type, ACLED_TYPES],
      ["acled_sub_event_type", "ACLED sub-event type", item.acled_sub_event_type],
      ["timing", "Timing", item.timing, ["current", "background"]],
      ["fatalities", "Fatalities", item.fatalities?.best], ["injured", "Injured", item.injured?.best]);
  }
  return fields;
}

/**
 * The review panel of one event or incident: its review state, Confirm / Reject / Edit with a
 * reason, who reviews and the write token. ``onDone`` runs after the server stored the review.
 */
export function reviewPanel(kind, articleId, item, onDone) {
  const box = el("section", { class: "review-panel", "data-kind": kind, "aria-label": "Review" });
  const message = el("p", { class: "review-message", role: "status" });
  const reason = el("textarea", { name: "reason", rows: 2, maxlength: 2000, placeholder: "Why (kept in the audit trail)" });
  const reviewer = el("input", { type: "text", name: "reviewer", value: savedReviewer(), placeholder: "Your name", maxlength: 100 });
  const token = el("input", { type: "password", name: "token", value: savedToken(), placeholder: "Write token", autocomplete: "off" });
  const inputs = new Map();
  const editForm = el("div", { class: "review-edit", hidden: true });
  for (const [column, label, value, options] of editableFields(kind, item)) {
    const initial = value === null || value === undefined ? "" : String(value);
    let input;
    if (options) {
      input = el("select", { name: column }, el("option", { value: "", text: "—" }),
        options.map((o) => el("option", { value: o, text: o, selected: o === initial })));
    } else {
      input = el("input", { type: column === "event_date" ? "date" : "text", name: column, value: initial,
                            inputmode: ["fatalities", "injured"].includes(column) ? "numeric" : null });
    }
    inputs.set(column, { input, initial });
    editForm.append(el("label", { class: "field" }, el("span", { text: label }), input));
  }

  async function send(action) {
    const changes = {};
    if (action === "edit") {
      for (const [column, { input, initial }] of inputs) {
        const now = input.value.trim();
        if (now !== initial) changes[column] = now === "" ? null : now;
      }
      if (!Object.keys(changes).length) {
        message.textContent = "Change a field first.";
        return;
      }
    }
    const who = reviewer.value.trim() || "analyst";
    remember(token.value.trim(), who);
    message.textContent = "Saving…";
    try {
      await postReview({ kind, article_id: articleId, item_id: item.id, action, changes, reason: reason.value.trim() || null,
                         reviewer: who }, token.value.trim());
    } catch (error) {
      message.textContent = "Not saved: " + error.message;
      return;
    }
    message.textContent = "Saved.";
    if (onDone) await onDone(action);
  }

  const state = item.review
    ? el("p", { class: "review-state" }, reviewBadge(item.review),
        el("span", { class: "muted small", text: ` ${item.review.at || ""}` }),
        item.review.reason ? el("span", { class: "review-reason", text: ` — ${item.review.reason}` }) : null)
    : el("p", { class: "review-state muted small", text: "Not reviewed yet." });
  box.append(
    el("h3", { class: "sub", text: `Review this ${kind}` }), state,
    el("div", { class: "review-buttons" },
      el("button", { type: "button", class: "primary small", "data-action": "confirm", text: "Confirm", onclick: () => send("confirm") }),
      el("button", { type: "button", class: "ghost small", "data-action": "reject", text: "Reject", onclick: () => send("reject") }),
      el("button", { type: "button", class: "ghost small", "data-action": "edit", text: "Edit…",
                     onclick: () => { editForm.hidden = !editForm.hidden; } })),
    editForm,
    el("label", { class: "field" }, el("span", { text: "Reason" }), reason),
    el("div", { class: "review-who" },
      el("label", { class: "field" }, el("span", { text: "Reviewer" }), reviewer),
      el("label", { class: "field" }, el("span", { text: "Token" }), token)),
    message,
  );
  editForm.append(el("button", { type: "button", class: "primary small", "data-action": "save-edit", text: "Save correction",
                                 onclick: () => send("edit") }));
  settings().then((s) => {
    if (!s.read_only) return;
    for (const button of box.querySelectorAll("button")) button.disabled = true;
    message.textContent = "This server is read-only: reviews are made on a server started with a token.";
  });
  return box;
}

const BY_TEXT = { rule: "a rule", lexicon: "a lexicon entry", dictionary: "your dictionary", model: "a model",
                  inferred: "inference from context", review: "an analyst's review", default: "a default" };

/** The "why" of one field: what coded it (rule, lexicon, dictionary, model, inference, review). */
export function whyBox(field, why, articleText) {
  const rows = [
    ["Coded by", BY_TEXT[why.by] || why.by],
    ["Name", why.name],
    ["Score", why.score === null || why.score === undefined ? null : Number(why.score).toFixed(3)],
    ["Detail", why.detail],
  ].filter(([, v]) => v !== null && v !== undefined && v !== "");
  const span = Array.isArray(why.span) && articleText ? articleText.slice(why.span[0], why.span[1]) : null;
  return el("div", { class: "why-box", role: "dialog", "aria-label": `Why ${field}` },
    el("div", { class: "why-head" }, el("strong", { text: `Why “${field}”` }),
      el("button", { type: "button", class: "chip-x", "aria-label": "Close", text: "×",
                     onclick: (e) => e.currentTarget.closest(".why-box").remove() })),
    el("table", { class: "record" }, el("tbody", {}, rows.map(([k, v]) => el("tr", {}, el("th", { text: k }), el("td", { text: String(v) }))))),
    span ? el("blockquote", { class: "span-text", text: span }) : null);
}

/** A field name that opens its why box (when the item says why), or plain text. */
export function fieldLabel(field, why, articleText, host) {
  if (!why) return field;
  return el("button", { type: "button", class: "why-link", title: "Why was this coded?", "data-field": field, text: field,
                        onclick: () => {
                          for (const old of host.querySelectorAll(".why-box")) old.remove();
                          host.prepend(whyBox(field, why, articleText));
                        } });
}

/** Confirm / Reject buttons for a list row (story view); the token and name saved by a review panel,
 * or asked for here. */
export function quickReview(kind, articleId, itemId, onDone) {
  const message = el("span", { class: "review-message small", role: "status" });
  const token = savedToken() ? null : el("input", { type: "password", name: "token", class: "small", placeholder: "Write token",
                                                     autocomplete: "off" });
  async function send(action) {
    const key = token ? token.value.trim() : savedToken();
    remember(key, savedReviewer());
    message.textContent = "Saving…";
    try {
      await postReview({ kind, article_id: articleId, item_id: itemId, action, reviewer: savedReviewer() || "analyst" }, key);
    } catch (error) {
      message.textContent = "Not saved: " + error.message;
      return;
    }
    message.textContent = "Saved.";
    if (onDone) await onDone(action);
  }
  return el("span", { class: "quick-review" }, token,
    el("button", { type: "button", class: "ghost small", "data-action": "confirm", text: "Confirm", onclick: () => send("confirm") }),
    el("button", { type: "button", class: "ghost small", "data-action": "reject", text: "Reject", onclick: () => send("reject") }),
    message);
}
