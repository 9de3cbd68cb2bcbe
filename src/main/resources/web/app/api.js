// The console's only door to the server: the public API with the signed-in credential.
// An API key lives in sessionStorage (a reload keeps it; closing the tab forgets it); an access
// token lives in memory only and is renewed from the HTTP-only refresh cookie.
const store = sessionStorage;
let token = null;
let refreshTimer = 0;
let onSignedOut = () => {};
export const session = { mode: store.getItem("as.mode"), user: store.getItem("as.user"), scopes: null };

export class ApiError extends Error {
  constructor(status, message, body) { super(message); this.status = status; this.body = body; }
}

export function whenSignedOut(f) { onSignedOut = f; }

export function authHeaders() {
  const key = store.getItem("as.key");
  if (key) return { "X-API-Key": key };
  return token ? { Authorization: "Bearer " + token } : {};
}

// The server's answer in words a person understands, from FastAPI-style error bodies.
export function words(status, body) {
  const d = body && body.detail;
  if (Array.isArray(d)) {
    return d.map((e) => {
      const field = (e.loc || []).filter((x) => !["body", "query", "path", "form"].includes(x)).join(" ");
      return (field ? field + ": " : "") + e.msg;
    }).join("; ");
  }
  if (typeof d === "string" && d) return d.endsWith(".") ? d : d + ".";
  if (status === 413) return "The file is larger than the server accepts.";
  if (status === 503) return "The server is busy or a backend is down. Try again in a moment.";
  return "The server answered with an error (" + status + ").";
}

export async function call(method, path, body, opt = {}) {
  const headers = { ...authHeaders(), ...(opt.headers || {}) };
  let payload = body;
  if (body !== undefined && !(body instanceof FormData) && !(body instanceof URLSearchParams)) {
    headers["Content-Type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let r;
  try {
    r = await fetch(path, { method, headers, body: payload, credentials: "same-origin", signal: opt.signal });
  } catch (e) {
    if (e.name === "AbortError") throw e;
    throw new ApiError(0, "The server could not be reached. Check the connection and try again.");
  }
  if (r.status === 401 && session.mode === "password" && !opt.retried && (await refresh())) {
    return call(method, path, body, { ...opt, retried: true });
  }
  if (opt.raw && r.ok) return r;
  if (r.status === 204) return null;
  const j = await r.json().catch(() => null);
  if (!r.ok) {
    if (r.status === 401 && !opt.noSignOut) { signOut(false); }
    throw new ApiError(r.status, words(r.status, j), j);
  }
  return j;
}

export const get = (p, o) => call("GET", p, undefined, o);
export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v != null && v !== "") u.set(k, v);
  return u.toString();
}

export async function signInWithKey(key) {
  store.setItem("as.key", key.trim());
  try {
    await call("GET", "/api/store/folder/?" + qs({ limit: 1, include_total: false }), undefined, { noSignOut: true });
  } catch (e) {
    store.removeItem("as.key");
    if (e.status === 401) throw new ApiError(401, "That API key was not accepted. Check it and try again.");
    if (e.status !== 403) throw e;
  }
  setSession("key", "API key");
  shareWithWorker().catch(() => {});
}

export async function signInWithPassword(username, password) {
  const form = new URLSearchParams({ username, password, grant_type: "password" });
  const r = await fetch("/api/login/access-token", { method: "POST", body: form, credentials: "same-origin" })
    .catch(() => { throw new ApiError(0, "The server could not be reached. Check the connection and try again."); });
  const j = await r.json().catch(() => null);
  if (r.status === 401) throw new ApiError(401, "The username or password is not right.");
  if (!r.ok) throw new ApiError(r.status, words(r.status, j), j);
  useToken(j.access_token);
  setSession("password", username);
}

function setSession(mode, user) {
  store.setItem("as.mode", mode);
  store.setItem("as.user", user);
  session.mode = mode;
  session.user = user;
}

function useToken(t) {
  token = t;
  clearTimeout(refreshTimer);
  let exp = 0;
  try { exp = JSON.parse(atob(t.split(".")[1].replace(/-/g, "+").replace(/_/g, "/"))).exp || 0; } catch { /* opaque token */ }
  // Renew a minute before it expires (or every 10 minutes when the expiry cannot be read).
  const ms = exp ? Math.max(5000, exp * 1000 - Date.now() - 60000) : 600000;
  refreshTimer = setTimeout(refresh, ms);
  shareWithWorker().catch(() => {});
}

let refreshing = null;
export function refresh() {
  if (!refreshing) {
    refreshing = fetch("/api/login/refresh-token", { method: "POST", credentials: "same-origin" })
      .then(async (r) => {
        if (!r.ok) return false;
        useToken((await r.json()).access_token);
        return true;
      })
      .catch(() => false)
      .finally(() => { refreshing = null; });
  }
  return refreshing;
}

// On load: is this tab still signed in (key in sessionStorage, or a live refresh cookie)?
export async function resume() {
  if (session.mode === "key" && store.getItem("as.key")) return true;
  if (session.mode === "password") return refresh();
  return false;
}

export function signOut(byUser = true) {
  clearTimeout(refreshTimer);
  const wasPassword = session.mode === "password";
  token = null;
  store.removeItem("as.key");
  store.removeItem("as.mode");
  store.removeItem("as.user");
  session.mode = session.user = session.scopes = null;
  shareWithWorker().catch(() => {});
  if (byUser && wasPassword) {
    fetch("/api/login/logout", { method: "POST", credentials: "same-origin" }).catch(() => {});
  }
  onSignedOut(byUser);
}

// Which admin pages to show: the API answers 403 without the scope, so ask once, cheaply.
export async function probeScopes() {
  const can = async (p) => { try { await get(p + "?limit=1&include_total=false"); return true; } catch { return false; } };
  const [keys, users] = await Promise.all([can("/api/admin/api-keys/"), can("/api/admin/users/")]);
  session.scopes = { keys, users };
  return session.scopes;
}

// Downloads: through the service worker when it controls the page (a navigation it answers with
// the API's streamed response, so the browser saves it to disk as it arrives); else through
// fetch and a blob (the credential is a header, which a plain link cannot carry).
export async function download(path, fallbackName) {
  if (navigator.serviceWorker?.controller) {
    await shareWithWorker();
    const a = Object.assign(document.createElement("a"), { href: "/app/download?u=" + encodeURIComponent(path) });
    document.body.append(a);
    a.click();
    a.remove();
    return;
  }
  const r = await call("GET", path, undefined, { raw: true });
  const cd = r.headers.get("Content-Disposition") || "";
  const m = cd.match(/filename\*=UTF-8''([^;]+)/) || cd.match(/filename="([^"]+)"/);
  const name = m ? decodeURIComponent(m[1]) : fallbackName;
  const url = URL.createObjectURL(await r.blob());
  const a = Object.assign(document.createElement("a"), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

// Tells the service worker which credential to add to media requests (<img>, <video>, <audio>).
export async function shareWithWorker() {
  if (!("serviceWorker" in navigator)) return;
  const reg = await navigator.serviceWorker.ready;
  (navigator.serviceWorker.controller || reg.active)?.postMessage({ headers: authHeaders() });
}

// A restarted worker has forgotten the credential: it asks the page again.
navigator.serviceWorker?.addEventListener("message", (e) => {
  if (e.data?.downloadError) document.dispatchEvent(new CustomEvent("download-error", { detail: e.data.downloadError }));
  else if (e.data?.viewError) document.dispatchEvent(new CustomEvent("view-error", { detail: e.data.viewError }));
  else e.ports[0]?.postMessage({ headers: authHeaders() });
});
