// Uploads: files and whole folders (the tree is recreated), three at a time, with progress,
// speed, time left, pause, resume and cancel. tus when the server speaks it, else multipart.
import { h, bytes, duration, plural, toast, icon } from "./dom.js";
import { call, get, qs } from "./api.js";
import { tusAvailable, tusUpload } from "./tus.js";
import { multipartUpload } from "./multipart.js";
import { changed } from "./actions.js";

const tasks = [];
const PARALLEL = 3;
let panel, list, summary, toggle, conflictMode = "rename", collapsed = false, autoHide = 0;
const BUSY = ["queued", "running", "retrying", "paused", "conflict"];

function collapse(on) {
  collapsed = on;
  panel.classList.toggle("collapsed", on);
  toggle.setAttribute("aria-expanded", String(!on));
  toggle.textContent = on ? "Show" : "Hide";
}

export function uploadPanel() {
  list = h("ul", { class: "up-list", "aria-label": "Uploads" });
  summary = h("p", { class: "up-summary", role: "status", "aria-live": "polite" });
  const mode = h("select", { id: "conflict-mode", "aria-label": "When a name is taken", onchange: (e) => (conflictMode = e.target.value) },
    h("option", { value: "rename" }, "Name taken: keep both"), h("option", { value: "error" }, "Name taken: ask me"));
  toggle = h("button", { type: "button", class: "btn ghost small", "aria-expanded": "true", onclick: () => collapse(!collapsed) }, "Hide");
  panel = h("section", { class: "uploads", id: "uploads", "aria-label": "Uploads", hidden: true },
    h("div", { class: "up-head" }, h("h2", {}, "Uploads"), summary, toggle,
      h("button", { type: "button", class: "btn ghost small", onclick: clearDone }, "Clear finished")),
    h("div", { class: "up-opts" }, mode),
    list);
  window.addEventListener("online", () => tasks.forEach((t) => t.ctl?.retryNow()));
  // Toasts rise above the panel (folded or open) rather than cover it: see #toasts in app.css.
  new ResizeObserver(() => document.documentElement.style.setProperty("--uploads-h", panel.offsetHeight ? panel.offsetHeight + 8 + "px" : "0px")).observe(panel);
  return panel;
}

function clearDone() {
  for (const t of [...tasks]) if (["done", "cancelled", "failed"].includes(t.state)) { t.row.remove(); tasks.splice(tasks.indexOf(t), 1); }
  panel.hidden = !tasks.length;
  redraw();
}

// Folders from a drop or a folder pick: created first (an existing one of that name is reused).
const made = new Map();
async function folderFor(parent, parts) {
  let id = parent || null;
  for (const name of parts) {
    const key = (id || "") + "/" + name;
    if (!made.has(key)) {
      made.set(key, (async () => {
        try {
          return (await call("POST", "/api/store/folder/", { name, parent: id })).id;
        } catch (x) {
          if (x.status !== 409) throw x;
          const p = { name, limit: 1, include_total: false, hydrate: false };
          if (id) p.parent = id; else p.parent__isnull = "true";
          return (await get("/api/store/folder/?" + qs(p))).items[0].id;
        }
      })());
    }
    try { id = await made.get(key); } catch (x) { made.delete(key); throw x; }
  }
  return id;
}

// files: [{file, path}] where path is "a/b/name.ext" for files inside a dropped folder.
export async function uploadFiles(files, folder) {
  if (!files.length) return;
  panel.hidden = false;
  collapse(false);
  const useTus = await tusAvailable();
  let folders = 0;
  for (const { file, path } of files) {
    const parts = (path || file.name).split("/").filter(Boolean);
    parts.pop();
    const t = { file, name: file.name, dir: parts, parent: folder, state: "queued", sent: 0, samples: [], useTus, onConflict: conflictMode };
    t.row = row(t);
    tasks.push(t);
    list.append(t.row);
    if (parts.length) folders++;
  }
  redraw();
  if (folders) made.clear();
  pump();
}

function pump() {
  while (tasks.filter((t) => t.state === "running" || t.state === "retrying").length < PARALLEL) {
    const t = tasks.find((x) => x.state === "queued");
    if (!t) break;
    start(t);
  }
  redraw();
}

async function start(t) {
  t.state = "running";
  t.began = performance.now();
  show(t, "Starting…");
  try {
    t.folder = await folderFor(t.parent, t.dir);
  } catch (x) {
    return failed(t, "Its folder could not be created: " + x.message);
  }
  const cb = {
    progress: (n) => { if (t.state === "retrying") { t.state = "running"; t.note = ""; } t.sent = n; sample(t); show(t); },
    retrying: (msg) => { t.state = "retrying"; show(t, msg); },
    done: (asset) => {
      t.state = "done";
      t.sent = t.file.size;
      const renamed = asset.name !== t.name;
      show(t, renamed ? "Saved as “" + asset.name + "” (the name was taken)" : "Done");
      changed();
      pump();
    },
    error: (x) => {
      if (x.status === 409 && t.onConflict === "error") return conflict(t, x);
      failed(t, x.message);
    },
  };
  const task = { file: t.file, name: t.name, folder: t.folder, onConflict: t.onConflict };
  t.ctl = (t.useTus ? tusUpload : multipartUpload)(task, cb);
}

function failed(t, msg) {
  t.state = "failed";
  show(t, msg, true);
  pump();
}

function conflict(t, x) {
  t.state = "conflict";
  t.sent = 0;
  show(t, x.message + " Keep both, or skip this file?", true);
  pump();
}

function sample(t) {
  const now = performance.now();
  t.samples.push([now, t.sent]);
  while (t.samples.length > 2 && now - t.samples[0][0] > 5000) t.samples.shift();
  redraw();
}

function speed(t) {
  const s = t.samples;
  if (s.length < 2) return 0;
  const [t0, b0] = s[0], [t1, b1] = s.at(-1);
  return t1 > t0 ? ((b1 - b0) * 1000) / (t1 - t0) : 0;
}

function row(t) {
  const bar = h("progress", { max: t.file.size || 1, value: 0, "aria-label": "Progress of " + t.name });
  const status = h("span", { class: "up-status" });
  const actions = h("span", { class: "up-actions" });
  const li = h("li", { class: "up-item" }, h("span", { class: "up-name", title: [...t.dir, t.name].join("/") }, [...t.dir, t.name].join("/")), bar, status, actions);
  t.ui = { bar, status, actions };
  return li;
}

function btn(label, f) { return h("button", { type: "button", class: "btn small", onclick: f }, label); }

function show(t, text, isError) {
  const { bar, status, actions } = t.ui;
  bar.value = t.sent;
  const sp = speed(t);
  if (text !== undefined) t.note = text;
  let line = t.note || "";
  if (t.state === "running" && t.sent && t.sent < t.file.size) {
    line = bytes(t.sent) + " of " + bytes(t.file.size) + (sp ? " · " + bytes(sp) + "/s · " + duration((t.file.size - t.sent) / sp) + " left" : "");
  } else if (t.state === "queued") line = "Waiting";
  else if (t.state === "paused") line = "Paused at " + bytes(t.sent) + " of " + bytes(t.file.size);
  status.textContent = line;
  status.classList.toggle("error", !!isError || t.state === "failed" || t.state === "conflict");
  t.row.dataset.state = t.state;
  const b = [];
  if (t.state === "running" || t.state === "retrying") b.push(btn("Pause", () => { t.ctl.pause(); t.state = "paused"; show(t); pump(); }));
  if (t.state === "paused") b.push(btn("Resume", () => { t.state = "running"; t.samples = []; show(t, ""); t.ctl.resume(); redraw(); }));
  if (t.state === "conflict") {
    b.push(btn("Keep both", () => { t.onConflict = "rename"; t.state = "queued"; t.sent = 0; pump(); }));
    b.push(btn("Skip", () => { t.state = "cancelled"; show(t, "Skipped"); }));
  }
  if (t.state === "failed") b.push(btn("Retry", () => { t.state = "queued"; t.sent = 0; pump(); }));
  if (["queued", "running", "retrying", "paused"].includes(t.state)) {
    b.push(btn("Cancel", () => { t.ctl?.cancel(); t.state = "cancelled"; show(t, "Cancelled"); pump(); }));
  }
  actions.replaceChildren(...b);
  redraw();
}

let drawQueued = false;
function redraw() {
  if (drawQueued) return;
  drawQueued = true;
  requestAnimationFrame(() => {
    drawQueued = false;
    const total = tasks.reduce((n, t) => n + t.file.size, 0);
    const sent = tasks.reduce((n, t) => n + (t.state === "done" ? t.file.size : t.sent), 0);
    const done = tasks.filter((t) => t.state === "done").length;
    const active = tasks.filter((t) => t.state === "running");
    const sp = active.reduce((n, t) => n + speed(t), 0);
    // Once everything has finished, the list folds away to its one-line summary (after a moment,
    // so "Done" is seen) to free the screen; a failure keeps it open, as it needs a decision.
    const settled = () => tasks.length && !tasks.some((t) => BUSY.includes(t.state) || t.state === "failed");
    if (!settled()) { clearTimeout(autoHide); autoHide = 0; }
    else if (!collapsed && !autoHide) {
      autoHide = setTimeout(() => { autoHide = 0; if (settled()) collapse(true); }, 1200);
    }
    summary.textContent = done + " of " + plural(tasks.length, "file") + " done" +
      (active.length && sp ? " · " + bytes(sp) + "/s · " + duration((total - sent) / sp) + " left" : "") +
      (total ? " · " + Math.floor((sent * 100) / total) + "%" : "");
  });
}

// Files picked with <input type=file> (webkitRelativePath is set when a folder was picked).
export function uploadPicked(input, folder) {
  uploadFiles([...input.files].map((file) => ({ file, path: file.webkitRelativePath || file.name })), folder);
  input.value = "";
}

// A drop from the computer: entries must be taken before the event ends, then read at leisure.
export function uploadDataTransfer(dt, folder) {
  const entries = [...(dt.items || [])].map((i) => i.webkitGetAsEntry?.()).filter(Boolean);
  if (!entries.length) return uploadFiles([...dt.files].map((file) => ({ file, path: file.name })), folder);
  walk(entries).then((files) => uploadFiles(files, folder)).catch((x) => toast("The dropped items could not be read: " + x.message, true));
}

async function walk(entries, prefix = "") {
  const out = [];
  for (const e of entries) {
    if (e.isFile) out.push({ file: await new Promise((res, rej) => e.file(res, rej)), path: prefix + e.name });
    else if (e.isDirectory) {
      const reader = e.createReader();
      const kids = [];
      for (;;) {
        const batch = await new Promise((res, rej) => reader.readEntries(res, rej));
        if (!batch.length) break;
        kids.push(...batch);
      }
      const inner = await walk(kids, prefix + e.name + "/");
      out.push(...inner);
    }
  }
  return out;
}
