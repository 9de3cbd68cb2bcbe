// The console's service worker: <img>, <video> and <audio> cannot send a header, so this adds the
// signed-in credential to their requests for the console's own API (previews, and downloads
// streamed with Range). It touches nothing else and caches nothing.
let headers = null;
self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));
self.addEventListener("message", (e) => { if (e.data && e.data.headers) headers = e.data.headers; });

self.addEventListener("fetch", (e) => {
  const req = e.request;
  const u = new URL(req.url);
  if (req.method !== "GET" || u.origin !== location.origin || !u.pathname.startsWith("/api/store/asset/")) return;
  if (!["image", "video", "audio", "track"].includes(req.destination)) return;
  if (req.headers.has("Authorization") || req.headers.has("X-API-Key")) return;
  e.respondWith(credentials(e.clientId).then((add) => {
    const h = new Headers(req.headers);
    for (const [k, v] of Object.entries(add)) h.set(k, v);
    return fetch(req.url, { headers: h, credentials: "omit"});
  }));
});

async function credentials(clientId) {
  if (headers && Object.keys(headers).length) return headers;
  const client = clientId && (await self.clients.get(clientId));
  if (!client) return {};
  return new Promise((resolve) => {
    const ch = new MessageChannel();
    ch.port1.onmessage = (m) => { headers = m.data.headers; resolve(headers); };
    client.postMessage("credentials", [ch.port2]);
    setTimeout(() => resolve({}), 3000);
  });
}
