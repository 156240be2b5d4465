// Colours: PLOVER types grouped by QuadClass (greens/blues cooperate, oranges talk conflict,
// reds/purples act it), so the map reads at a glance.

export const PLOVER_COLORS = {
  AGREE: "#1b9e77", CONSULT: "#66c2a5", SUPPORT: "#4daf4a", CONCEDE: "#a6d854",
  COOPERATE: "#377eb8", AID: "#74add1", RETREAT: "#8da0cb", REQUEST: "#b39ddb",
  ACCUSE: "#fdae61", REJECT: "#f6c25b", THREATEN: "#e08214", PROTEST: "#ff7f00",
  SANCTION: "#a65628", MOBILIZE: "#984ea3", COERCE: "#e7298a", ASSAULT: "#d7191c",
};

export const PLOVER_ORDER = Object.keys(PLOVER_COLORS);

export const QUAD = [
  { key: "q1", label: "Verbal cooperation", color: "#74c1a4" },
  { key: "q2", label: "Material cooperation", color: "#1b7a5e" },
  { key: "q3", label: "Verbal conflict", color: "#f2a65a" },
  { key: "q4", label: "Material conflict", color: "#c8322f" },
];

export function ploverColor(type) {
  return PLOVER_COLORS[type] || "#8a96a3";
}

export function typeChip(type) {
  const chip = document.createElement("span");
  chip.className = "chip";
  chip.style.setProperty("--chip", ploverColor(type));
  chip.textContent = type || "uncoded";
  return chip;
}
