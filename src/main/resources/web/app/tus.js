// A tus 1.0 client (§10): create with Upload-Length and Upload-Metadata, send the file in PATCH
// pieces from Upload-Offset, and after a dropped connection ask HEAD where to go on, with backoff.
import { authHeaders, refresh, session, words, ApiError } from "./api.js";

const BASE = "/api/store/asset/tus/";
const PIECE = 16 * 1024 * 1024;
let available = null;

export function tusAvailable() {
  available ??= fetch(BASE, { method: "OPTIONS" }).then((r) => r.status === 204 && !!r.headers.get("Tus-Resumable")).catch(() => false);
  return available;
}

const b64 = (s) => btoa(String.fromCharCode(...new TextEncoder().encode(s)));

export function tusUpload(task, cb) {
  let url = null, offset = 0, xhr = null, stopped = false, retry = 0, timer = 0;
  const base = () => ({ "Tus-Resumable": "1.0.0", ...authHeaders() });

  async function req(method, target, headers) {
    let r = await fetch(target, { method, headers: { ...base(), ...headers } });
    if (r.status === 401 && session.mode === "password" && (await refresh())) r = await fetch(target, { method, headers: { ...base(), ...headers } });
    return r;
  }
  async function fail(r) {
    const j = await r.json().catch(() => null);
    throw new ApiError(r.status, words(r.status, j), j);
  }
  async function create() {
    const meta = { filename: task.name, folder: task.folder, on_conflict: task.onConflict, filetype: task.file.type };
    const r = await req("POST", BASE, {
      "Upload-Length": String(task.file.size),
      "Upload-Metadata": Object.entries(meta).filter(([, v]) => v).map(([k, v]) => k + " " + b64(v)).join(","),
    });
    if (r.status !== 201) await fail(r);
    url = new URL(r.headers.get("Location"), location.href).pathname;
    offset = 0;
  }
  async function head() {
    const r = await req("HEAD", url);
    if (r.status === 404 || r.status === 410) { url = null; return create(); }
    if (!r.ok) await fail(r);
    offset = Number(r.headers.get("Upload-Offset"));
  }
  function patch() {
    return new Promise((resolve, reject) => {
      xhr = new XMLHttpRequest();
      xhr.open("PATCH", url);
      for (const [k, v] of Object.entries(base())) xhr.setRequestHeader(k, v);
      xhr.setRequestHeader("Upload-Offset", String(offset));
      xhr.setRequestHeader("Content-Type", "application/offset+octet-stream");
      xhr.upload.onprogress = (e) => cb.progress(offset + e.loaded);
      xhr.onload = () => resolve(xhr);
      xhr.onerror = xhr.ontimeout = () => reject(new ApiError(0, "The connection dropped."));
      xhr.onabort = () => reject(new ApiError(-1, "stopped"));
      xhr.send(task.file.slice(offset, Math.min(task.file.size, offset + PIECE)));
    });
  }
  async function run() {
    try {
      if (!url) await create(); else await head();
      cb.progress(offset);
      while (!stopped) {
        if (offset >= task.file.size) break;
        const x = await patch();
        // 409 with another offset: a stale offset (an earlier request went on); resume from there.
        // Any other 409 (a name taken at completion) is an answer for the person.
        const at = x.getResponseHeader("Upload-Offset");
        if (x.status === 409 && at != null && Number(at) !== offset) { offset = Number(at); continue; }
        if (x.status === 401 && session.mode === "password" && (await refresh())) continue;
        if (x.status !== 204) {
          let j = null; try { j = JSON.parse(x.responseText); } catch { /* no body */ }
          throw new ApiError(x.status, words(x.status, j), j);
        }
        retry = 0;
        offset = Number(x.getResponseHeader("Upload-Offset"));
        cb.progress(offset);
        const done = x.getResponseHeader("Asset-Location");
        if (done || offset >= task.file.size) return finish(done);
      }
      if (!stopped) return finish(null);
    } catch (e) {
      // fetch() rejects with a TypeError when the server cannot be reached at all.
      const status = e instanceof ApiError ? e.status : 0;
      if (stopped || status === -1) return;
      // No answer at all (or the server busy): try again by ourselves, waiting longer each time.
      if (status === 0 || status >= 500 || status === 423) {
        const wait = Math.min(30, 2 ** retry++) * 1000;
        cb.retrying("The connection dropped. Retrying in " + wait / 1000 + " s…");
        timer = setTimeout(run, wait);
        return;
      }
      cb.error(e);
    }
  }
  async function finish(assetLocation) {
    const r = await req("GET", assetLocation || url);
    if (!r.ok) await fail(r);
    cb.done(await r.json());
  }
  run();
  return {
    resumable: true,
    pause() { stopped = true; clearTimeout(timer); xhr?.abort(); },
    resume() { stopped = false; retry = 0; run(); },
    retryNow() { clearTimeout(timer); if (!stopped) { retry = 0; run(); } },
    cancel() { stopped = true; clearTimeout(timer); xhr?.abort(); if (url) req("DELETE", url).catch(() => {}); },
  };
}
