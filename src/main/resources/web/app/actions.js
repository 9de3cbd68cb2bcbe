// What people do to files and folders: new folder, rename, move, delete, download, share.
// Every change announces "store-changed" so the listing and the tree reload.
import { h, plural, toast, icon } from "./dom.js";
import { call, get, qs, download } from "./api.js";
import { dialog, confirmDialog, promptDialog } from "./dialog.js";
import { uploadDataTransfer } from "./upload.js";

const DRAG = "application/x-asset-items";
export const changed = () => document.dispatchEvent(new CustomEvent("store-changed"));
const path = (it) => (it.type === "folder" ? "/api/store/folder/" : "/api/store/asset/") + encodeURIComponent(it.id);

export function newFolder(parent) {
  return promptDialog("New folder", "Folder name", "", "Create", async (name) => {
    const f = await call("POST", "/api/store/folder/", { name, parent: parent || null });
    changed();
    toast("Folder “" + f.name + "” created.");
    return f;
  });
}

export function rename(item) {
  return promptDialog("Rename", "New name", item.name, "Rename", async (name) => {
    if (name === item.name) return true;
    await call("PATCH", path(item), { name });
    changed();
    toast("Renamed to “" + name + "”.");
    return true;
  });
}

export async function move(items, target) {
  const key = (it) => (it.type === "folder" ? "parent" : "folder");
  const failures = [];
  for (const it of items) {
    if (it.type === "folder" && it.id === target) continue;
    try { await call("PATCH", path(it), { [key(it)]: target || null }); } catch (x) { failures.push("“" + it.name + "”: " + x.message); }
  }
  changed();
  if (failures.length) throw new Error("Not moved: " + failures.join(" "));
  toast(plural(items.length, "item") + " moved.");
}

// "Move to…": walk the folders, then move into the one shown.
export function moveDialog(items) {
  let here = { id: null, name: "All files" };
  const trail = [here];
  const list = h("ul", { class: "picker", "aria-label": "Folders" });
  const crumbs = h("p", { class: "picker-path" });
  const moving = new Set(items.filter((i) => i.type === "folder").map((i) => i.id));
  async function show() {
    crumbs.textContent = trail.map((t) => t.name).join(" / ");
    list.replaceChildren(h("li", { class: "muted" }, "Loading…"));
    const p = { limit: 250, sort_by: "name", sort_order: "asc", include_total: false, hydrate: false };
    if (here.id) p.parent = here.id; else p.parent__isnull = "true";
    try {
      const page = await get("/api/store/folder/?" + qs(p));
      const rows = [];
      if (trail.length > 1) rows.push(h("li", {}, h("button", { type: "button", class: "row-btn", onclick: () => { trail.pop(); here = trail.at(-1); show(); } }, "↑ Up to " + trail.at(-2).name)));
      for (const f of page.items.filter((f) => !moving.has(f.id))) {
        rows.push(h("li", {}, h("button", { type: "button", class: "row-btn", onclick: () => { here = f; trail.push(f); show(); } }, icon("folder"), f.name)));
      }
      if (!page.items.length) rows.push(h("li", { class: "muted" }, "No folders inside."));
      list.replaceChildren(...rows);
    } catch (x) { list.replaceChildren(h("li", { class: "error" }, x.message)); }
  }
  show();
  return dialog({ title: "Move " + (items.length === 1 ? "“" + items[0].name + "”" : plural(items.length, "item")) + " to…", body: [crumbs, list], submit: "Move here",
    onSubmit: async () => { await move(items, here.id); return true; } });
}

// How much a recursive delete takes with it, counted through the list API.
async function countInside(folderId) {
  let files = 0, folders = 0;
  const queue = [folderId];
  while (queue.length && folders < 5000) {
    const id = queue.shift();
    const a = await get("/api/store/asset/?" + qs({ folder: id, limit: 1, hydrate: false }));
    files += a.collection_total;
    let cursor = null;
    do {
      const f = await get("/api/store/folder/?" + qs({ parent: id, limit: 250, hydrate: false, include_total: false, cursor }));
      for (const x of f.items) { folders++; queue.push(x.id); }
      cursor = f.next_page ? f.next_cursor : null;
    } while (cursor);
  }
  return { files, folders };
}

export async function remove(items) {
  const files = items.filter((i) => i.type === "asset");
  const folders = items.filter((i) => i.type === "folder");
  let inside = { files: 0, folders: 0 };
  try {
    for (const f of folders) { const c = await countInside(f.id); inside.files += c.files; inside.folders += c.folders; }
  } catch (x) { toast("Could not count what the folders hold: " + x.message, true); return; }
  const what = items.length === 1 ? "“" + items[0].name + "”" : [files.length && plural(files.length, "file"), folders.length && plural(folders.length, "folder")].filter(Boolean).join(" and ");
  const more = folders.length && (inside.files || inside.folders)
    ? " This also deletes " + plural(inside.files, "file") + " and " + plural(inside.folders, "folder") + " inside, and every share link to them."
    : "";
  return confirmDialog("Delete " + (items.length === 1 ? what : plural(items.length, "item")) + "?",
    "Delete " + what + "?" + more + " This cannot be undone.", "Delete", async () => {
      const failures = [];
      for (const it of items) {
        try { await call("DELETE", path(it) + (it.type === "folder" ? "?recursive=true" : "")); } catch (x) { failures.push("“" + it.name + "”: " + x.message); }
      }
      changed();
      if (failures.length) throw new Error("Not deleted: " + failures.join(" "));
      toast(plural(items.length, "item") + " deleted.");
      return true;
    });
}

export async function downloadItems(items) {
  try {
    const assets = items.filter((i) => i.type === "asset");
    for (const f of items.filter((i) => i.type === "folder")) await download(path(f) + "/download", f.name + ".zip");
    if (assets.length === 1) await download("/api/store/asset/download?id=" + encodeURIComponent(assets[0].id), assets[0].name);
    else if (assets.length) await download("/api/store/asset/download?" + assets.map((a) => "id=" + encodeURIComponent(a.id)).join("&"), "files.zip");
  } catch (x) {
    toast("Download failed: " + x.message, true);
  }
}

export function startDrag(e, items) {
  e.dataTransfer.setData(DRAG, JSON.stringify(items.map(({ id, type, name }) => ({ id, type, name }))));
  e.dataTransfer.effectAllowed = "move";
}

export function canDrop(e) {
  const t = e.dataTransfer?.types || [];
  return t.includes(DRAG) || t.includes("Files");
}

// A drop on a folder: our own items move there; files from the computer upload there.
export async function dropInto(folderId, e) {
  const raw = e.dataTransfer.types.includes(DRAG) && e.dataTransfer.getData(DRAG);
  if (!raw) return uploadDataTransfer(e.dataTransfer, folderId);
  try { await move(JSON.parse(raw), folderId); } catch (x) { toast(x.message, true); }
}
