// Fetch helpers for the REST API (same origin).

export function query(params) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === null || value === undefined || value === "") continue;
    qs.set(key, value);
  }
  const s = qs.toString();
  return s ? "?" + s : "";
}

export async function api(path, params) {
  const response = await fetch(path + query(params), { headers: { Accept: "application/json" } });
  if (!response.ok) {
    let detail = response.statusText;
    try {
      const body = await response.json();
      detail = typeof body.detail === "string" ? body.detail : JSON.stringify(body.detail);
    } catch { /* not JSON */ }
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return response.json();
}

let settingsCache = null;

/** The server's settings (the confidence threshold in use, read-only or not), fetched once. */
export function settings() {
  if (!settingsCache) settingsCache = api("/api/settings").catch(() => ({ default_min_confidence: 0.5 }));
  return settingsCache;
}
