// The console's service worker: <img>, <video> and <audio> cannot send a header, so this adds the
// signed-in credential to their requests for the console's own API (previews, and downloads
// streamed with Range). It also turns a navigation to /app/download?u=<API path> (a URL no server
// route answers: only this worker does) into the API's own download response, streamed as it
// arrives, so the browser's download manager writes big files and ZIPs to disk instead of the
// page holding them in memory. Likewise /app/view/<name>?u=<API path> answers a frame with one
// PDF inline, so the preview shows it in the browser's own viewer (which titles it <name>). It touches nothing else and caches
// nothing.
let headers = null;
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));
self.addEventListener("message", (e) => { if (e.data && e.data.headers) headers = e.data.headers; });

self.addEventListener("fetch", (e) => {
  const req = e.request;
  const u = new URL(req.url);
  if (req.method !== "GET" || u.origin !== location.origin) return;
  if (req.mode === "navigate" && u.pathname === "/app/download") return e.respondWith(download(u.searchParams.get("u") || ""));
  if (req.mode === "navigate" && u.pathname.startsWith("/app/view/")) return e.respondWith(view(u.searchParams.get("u") || ""));
  if (!u.pathname.startsWith("/api/store/asset/")) return;
  if (!["image", "video", "audio", "track"].includes(req.destination)) return;
  if (req.headers.has("Authorization") || req.headers.has("X-API-Key")) return;
  e.respondWith(credentials(e.clientId).then((add) => {
    const h = new Headers(req.headers);
    for (const [k, v] of Object.entries(add)) h.set(k, v);
    return fetch(req.url, { headers: h, credentials: "omit"});
  }));
});

// Only the public API's download routes, on this origin.
const DOWNLOADS = /^\/api\/store\/(asset\/download\?|folder\/[^/?]+\/download(\?|$))/;

async function download(path) {
  const r = await fromApi(path, DOWNLOADS, "downloadError", "Not a download address.");
  if (!r) return stay();
  const h = new Headers(r.headers);
  if (!/^attachment/i.test(h.get("Content-Disposition") || "")) h.set("Content-Disposition", "attachment");
  return new Response(r.body, { status: r.status, headers: h });
}

// One asset's bytes for a frame, and only a PDF: the browser's PDF viewer shows it. Any other type
// is refused, so an uploaded HTML file can never become a document of the console's origin.
async function view(path) {
  const r = await fromApi(path, /^\/api\/store\/asset\/download\?inline=true&id=[^&]+$/, "viewError", "Not a file to view.");
  if (!r) return stay();
  if ((r.headers.get("Content-Type") || "").split(";")[0].trim() !== "application/pdf") {
    r.body?.cancel();
    await tell("viewError", "Only PDFs are shown here.");
    return stay();
  }
  const h = new Headers({ "Content-Type": "application/pdf", "Content-Disposition": "inline", "X-Content-Type-Options": "nosniff", "Cache-Control": "no-store" });
  if (r.headers.has("Content-Length")) h.set("Content-Length", r.headers.get("Content-Length"));
  return new Response(r.body, { status: 200, headers: h });
}

// The API's answer to an allowed path, fetched with the credential; or null after telling the page
// why in words (message {<kind>: words}). The navigation then gets a 204: the page stays put.
const stay = () => new Response(null, { status: 204 });
async function fromApi(path, allowed, kind, notAllowed) {
  if (!allowed.test(path)) return tell(kind, notAllowed);
  let r;
  try {
    r = await fetch(path, { headers: await credentials(null), credentials: "omit" });
  } catch (x) {
    return tell(kind, "The server could not be reached.");
  }
  if (r.ok) return r;
  const body = await r.json().catch(() => null);
  return tell(kind, typeof body?.detail === "string" ? body.detail : "The server answered " + r.status + ".");
}

async function tell(kind, message) {
  for (const c of await self.clients.matchAll({ type: "window" })) c.postMessage({ [kind]: message });
  return null;
}

async function credentials(clientId) {
  if (headers && Object.keys(headers).length) return headers;
  const client = (clientId && (await self.clients.get(clientId))) || (await self.clients.matchAll({ type: "window" }))[0];
  if (!client) return {};
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (m) => { headers = m.data.headers; resolve(headers); };
    client.postMessage("credentials", [ch.port2]);
    setTimeout(() => resolve({}), 3000);
  });
}
