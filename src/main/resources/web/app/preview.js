// The preview: the file large (image through /preview, full size on demand; PDF in the browser's
// own viewer, its first page as the fallback; video and audio streamed with Range; text), its details (description and tags editable) and its share links.
import { h, icon, fileBadge, bytes, when, kind, hasPreview, toast, copyText } from "./dom.js";
import { call, get, authHeaders, download } from "./api.js";
import { rename, moveDialog, remove, changed } from "./actions.js";
import { shareDialog } from "./share-dialog.js";

const enc = encodeURIComponent;

export function openPreview(asset, siblings, folder) {
  let list = siblings.length ? siblings : [asset];
  let i = Math.max(0, list.findIndex((a) => a.id === asset.id));
  if (list[i]?.id !== asset.id) { list = [asset, ...list]; i = 0; }
  const stage = h("div", { class: "stage" });
  const side = h("div", { class: "side" });
  const title = h("h2", { id: "pv-title" });
  const prev = h("button", { type: "button", class: "icon-btn nav-prev", "aria-label": "Previous file", onclick: () => go(-1) }, "‹");
  const next = h("button", { type: "button", class: "icon-btn nav-next", "aria-label": "Next file", onclick: () => go(1) }, "›");
  const d = h("dialog", { class: "lightbox", "aria-labelledby": "pv-title", id: "preview" },
    h("div", { class: "lb-head" }, title, h("button", { type: "button", class: "icon-btn", "aria-label": "Close preview", onclick: () => d.close() }, icon("close"))),
    h("div", { class: "lb-body" }, prev, stage, next, side));
  const back = folder ? "/app/folder/" + enc(folder) : "/app/";
  let blobs = [];
  const closed = new AbortController(); // ends the pane's document listeners
  d.addEventListener("close", () => {
    blobs.forEach(URL.revokeObjectURL);
    closed.abort();
    d.remove();
    if (location.pathname.startsWith("/app/asset/")) history.replaceState({}, "", back);
  });
  d.addEventListener("keydown", (e) => {
    if (e.target.closest("input, textarea, video, audio")) return;
    if (e.key === "ArrowLeft") go(-1);
    else if (e.key === "ArrowRight") go(1);
  });
  document.body.append(d);
  d.showModal();
  show();

  function go(step) {
    const j = i + step;
    if (j < 0 || j >= list.length) return;
    i = j;
    show();
  }

  async function show() {
    const a = list[i];
    prev.disabled = i === 0;
    next.disabled = i === list.length - 1;
    title.textContent = a.name;
    history.replaceState({}, "", "/app/asset/" + enc(a.id));
    stage.replaceChildren(media(a));
    side.replaceChildren(h("p", { class: "muted" }, "Loading details…"));
    try {
      const full = await get("/api/store/asset/" + enc(a.id));
      if (list[i] !== a) return;
      side.replaceChildren(...details(full));
      shares(full);
    } catch (x) {
      side.replaceChildren(h("p", { class: "error", role: "alert" }, x.message));
    }
    d.querySelector(".lb-head .icon-btn").focus();
  }

  function src(a) { return "/api/store/asset/download?inline=true&id=" + enc(a.id); }

  function media(a) {
    const k = kind(a);
    if (k === "video" || k === "audio") {
      // The service worker adds the credential, so the browser streams it with Range requests.
      const m = h(k, { controls: true, preload: "metadata", src: src(a), "aria-label": a.name });
      m.addEventListener("error", () => m.replaceWith(fallback(a, "This " + k + " cannot be played here.")));
      return m;
    }
    if (k === "pdf" && navigator.serviceWorker?.controller) {
      // The service worker answers the frame with the PDF inline and the credential added.
      const frame = h("iframe", { class: "pdf", title: "PDF: " + a.name, src: "/app/view/" + enc(a.name) + "?u=" + enc(src(a)) });
      const failed = (e) => {
        document.removeEventListener("view-error", failed);
        if (frame.isConnected) frame.replaceWith(h("div", { class: "pdf-failed" }, h("p", { class: "error", role: "alert" }, "The PDF cannot be shown here: " + e.detail), image(a, k)));
      };
      document.addEventListener("view-error", failed, { signal: closed.signal });
      return frame;
    }
    if (hasPreview(a)) return image(a, k);
    if (k === "text") return text(a);
    return fallback(a, "No preview for this type of file.");
  }

  function image(a, k) {
    const url = "/api/store/asset/" + enc(a.id) + "/preview?w=1600&h=1200";
    const img = h("img", { alt: "Preview of " + a.name, src: url, class: "big" });
    img.addEventListener("error", async () => {
      const r = await fetch(url, { headers: authHeaders() }).catch(() => null);
      if (r?.ok && !img.dataset.tried) { img.dataset.tried = "1"; const u = URL.createObjectURL(await r.blob()); blobs.push(u); img.src = u; return; }
      img.replaceWith(fallback(a, "No preview of this file."));
    });
    const full = k === "image" && h("button", { type: "button", class: "btn small", onclick: async () => {
      try {
        const r = await call("GET", src(a), undefined, { raw: true });
        const u = URL.createObjectURL(await r.blob()); blobs.push(u); img.src = u; full.remove();
      } catch (x) { toast(x.message, true); }
    } }, "Full size");
    return h("figure", {}, img, full);
  }

  function text(a) {
    const pre = h("pre", { class: "text", tabindex: "0", "aria-label": "Contents of " + a.name }, "Loading…");
    call("GET", src(a), undefined, { raw: true, headers: { Range: "bytes=0-262143" } })
      .then((r) => r.text()).then((t) => { pre.textContent = t + (a.size > 262144 ? "\n…" : ""); })
      .catch((x) => { pre.textContent = x.message; });
    return pre;
  }

  function fallback(a, text) {
    return h("div", { class: "nopreview" }, fileBadge(a), h("p", {}, text),
      h("button", { type: "button", class: "btn", onclick: () => download("/api/store/asset/download?id=" + enc(a.id), a.name).catch((x) => toast(x.message, true)) }, "Download"));
  }

  function details(a) {
    const desc = h("textarea", { id: "pv-desc", rows: 3 }, a.description || "");
    const tags = h("input", { id: "pv-tags", value: (a.tags || []).join(", "), autocomplete: "off" });
    const err = h("p", { class: "error", role: "alert", hidden: true });
    const save = h("button", { class: "btn primary small", type: "submit" }, "Save");
    const form = h("form", { class: "meta-form", onsubmit: async (e) => {
      e.preventDefault();
      err.hidden = true;
      save.disabled = true;
      try {
        const t = tags.value.split(",").map((s) => s.trim()).filter(Boolean);
        const upd = await call("PATCH", "/api/store/asset/" + enc(a.id), { description: desc.value || null, tags: t });
        Object.assign(list[i], upd);
        toast("Details saved.");
      } catch (x) { err.textContent = x.message; err.hidden = false; }
      finally { save.disabled = false; }
    } },
      h("label", { for: "pv-desc" }, "Description"), desc,
      h("label", { for: "pv-tags" }, "Tags (comma-separated)"), tags, err, save);
    const row = (k, v) => [h("dt", {}, k), h("dd", {}, v)];
    const act = (label, f, cls) => h("button", { type: "button", class: "btn small " + (cls || ""), onclick: f }, label);
    return [
      h("div", { class: "pv-actions" },
        act("Download", () => download("/api/store/asset/download?id=" + enc(a.id), a.name).catch((x) => toast(x.message, true))),
        act("Share", () => shareDialog(a).then(() => shares(a))),
        act("Rename", () => rename(a).then((ok) => ok && d.close())),
        act("Move to…", () => moveDialog([a]).then((ok) => ok && d.close())),
        act("Delete", () => remove([a]).then((ok) => ok && d.close()), "danger")),
      h("dl", { class: "facts" },
        row("Size", bytes(a.size) + " (" + a.size.toLocaleString() + " bytes)"),
        row("Type", a.content_type),
        row("Location", a.path),
        row("Added", when(a.created)),
        row("Changed", when(a.updated)),
        row("Added by", a.created_by?.name || a.created_by?.id || "—"),
        row("SHA-256", h("code", { class: "hash" }, a.sha256))),
      form,
      h("h3", {}, "Share links"),
      h("div", { id: "pv-shares" }, h("p", { class: "muted" }, "Loading…")),
    ];
  }

  async function shares(a) {
    const box = side.querySelector("#pv-shares");
    if (!box) return;
    try {
      const arr = await get("/api/store/asset/" + enc(a.id) + "/shares");
      box.replaceChildren(arr.length
        ? h("ul", { class: "mini-shares" }, arr.map((s) => h("li", {},
          h("span", {}, s.name || "Link", " · ", s.statistics.downloads + " downloads", s.active ? "" : " · inactive"),
          h("button", { type: "button", class: "btn small", onclick: (e) => copyText(s.access_url, e.currentTarget) }, "Copy link"),
          h("button", { type: "button", class: "btn small danger", onclick: async () => {
            try { await call("DELETE", "/api/share/" + enc(s.id)); shares(a); toast("Link revoked."); } catch (x) { toast(x.message, true); }
          } }, "Revoke"))))
        : h("p", { class: "muted" }, "Not shared yet."));
    } catch (x) { box.replaceChildren(h("p", { class: "error" }, x.message)); }
  }
}
export { changed };
