// Files: a folder's subfolders and files (or search results), as a list or a grid of previews,
// sorted, filtered, loaded page by page on the cursor as the person scrolls.
import { h, icon, fileBadge, bytes, when, plural, hasPreview, toast } from "./dom.js";
import { get, qs, authHeaders } from "./api.js";
import { newFolder, rename, moveDialog, remove, downloadItems, startDrag, canDrop, dropInto } from "./actions.js";
import { uploadPicked } from "./upload.js";
import { openPreview } from "./preview.js";
import { shareDialog } from "./share-dialog.js";
import { expandTo, refreshTree } from "./tree.js";
import { rowWindow } from "./rows-window.js";

const SORTS = { name: "Name", size: "Size", content_type: "Type", created: "Date added", updated: "Last changed" };
const TYPES = { "": "All types", "image/": "Images", "video/": "Videos", "audio/": "Audio", "application/pdf": "PDF", "text/": "Text" };
const DATES = { "": "Any time", 1: "Last 24 hours", 7: "Last 7 days", 30: "Last 30 days", 365: "Last year" };

export function renderBrowse(main, { folder, asset, params }) {
  const nav = (p) => import("./main.js").then((m) => m.navigate(p));
  const st = {
    folder, q: params.get("q") || "", scope: params.get("in") === "all" ? "all" : "folder", type: params.get("type") || "", days: params.get("days") || "", tag: params.get("tag") || "",
    sort: params.get("sort") || "name", order: params.get("order") || (params.get("sort") && params.get("sort") !== "name" ? "desc" : "asc"),
    view: sessionStorage.getItem("as.view") || "list", items: [], cursor: null, more: false, loading: false, gen: 0,
    sel: new Set(), anchor: null, focus: 0, info: null,
  };
  const searching = () => !!(st.q || st.type || st.days || st.tag);
  const everywhere = () => searching() && st.scope === "all";
  const crumbs = h("nav", { class: "crumbs", "aria-label": "Folder path" });
  const heading = h("h1", { class: "view-title" }, "Files");
  const scopeNote = h("p", { class: "hint scope-note", id: "scope-note", hidden: true });
  const pickFiles = h("input", { type: "file", multiple: true, hidden: true, id: "pick-files", "aria-label": "Choose files to upload", onchange: (e) => uploadPicked(e.target, st.folder) });
  const pickDir = h("input", { type: "file", multiple: true, hidden: true, webkitdirectory: true, id: "pick-folder", "aria-label": "Choose a folder to upload", onchange: (e) => uploadPicked(e.target, st.folder) });
  const viewBtn = (v, label) => h("button", { type: "button", class: "icon-btn", "aria-label": label, "aria-pressed": String(st.view === v), onclick: () => setView(v) }, icon(v));
  const views = h("div", { class: "seg", role: "group", "aria-label": "View" }, viewBtn("list", "List view"), viewBtn("grid", "Grid view"));
  const sortSel = h("select", { "aria-label": "Sort by", id: "sort", onchange: () => { st.sort = sortSel.value; st.order = st.sort === "name" ? "asc" : "desc"; update(); } },
    Object.entries(SORTS).map(([v, l]) => h("option", { value: v, selected: v === st.sort }, "Sort: " + l)));
  const orderBtn = h("button", { type: "button", class: "icon-btn", id: "order", onclick: () => { st.order = st.order === "asc" ? "desc" : "asc"; update(); } });
  const typeSel = h("select", { "aria-label": "Type", id: "filter-type", onchange: () => { st.type = typeSel.value; update(); } },
    Object.entries(TYPES).map(([v, l]) => h("option", { value: v, selected: v === st.type }, l)));
  const dateSel = h("select", { "aria-label": "Date added", id: "filter-date", onchange: () => { st.days = dateSel.value; update(); } },
    Object.entries(DATES).map(([v, l]) => h("option", { value: v, selected: v === st.days }, l)));
  const tagIn = h("input", { type: "search", placeholder: "Tag", "aria-label": "Tag", id: "filter-tag", value: st.tag, size: 8, onchange: () => { st.tag = tagIn.value.trim(); update(); } });
  const filters = h("div", { class: "filters", id: "filters" }, typeSel, dateSel, tagIn, sortSel, orderBtn);
  const filterBtn = h("button", { type: "button", class: "btn filter-toggle", "aria-expanded": "false", "aria-controls": "filters", onclick: () => {
    const on = filters.classList.toggle("open"); filterBtn.setAttribute("aria-expanded", String(on)); } }, "Filters");
  const toolbar = h("div", { class: "toolbar" },
    h("button", { type: "button", class: "btn primary", id: "upload-files", onclick: () => pickFiles.click() }, icon("upload"), "Upload files"),
    h("button", { type: "button", class: "btn", id: "upload-folder", onclick: () => pickDir.click() }, "Upload folder"),
    h("button", { type: "button", class: "btn", id: "new-folder", onclick: () => newFolder(st.folder) }, icon("plus"), "New folder"),
    h("span", { class: "spacer" }), filterBtn, views, pickFiles, pickDir);
  const selbar = h("div", { class: "selbar", role: "toolbar", "aria-label": "Selection", hidden: true });
  const listHead = h("div", { class: "list-head", "aria-hidden": "true" }, h("span"), h("span", {}, "Name"), h("span", {}, "Size"), h("span", {}, "Type"), h("span", {}, "Added"));
  const ul = h("ul", { class: "items", role: "listbox", id: "items", "aria-label": "Files and folders", "aria-multiselectable": "true", tabindex: "0" });
  const status = h("p", { class: "list-status", role: "status" });
  const sentinel = h("div", { class: "sentinel", "aria-hidden": "true" });
  const drop = h("div", { class: "dropzone", "aria-hidden": "true" }, icon("upload"), h("p", {}, "Drop files or folders to upload them here"));
  const wrap = h("section", { class: "browse", "aria-labelledby": "view-title" }, crumbs, heading, scopeNote, toolbar, filters, selbar, listHead, ul, status, sentinel, drop);
  heading.id = "view-title";
  const win = rowWindow(ul, (i) => rowFor(st.items[i], i));
  main.replaceChildren(wrap);
  document.title = "Files · Asset Store";

  function setView(v) {
    st.view = v;
    sessionStorage.setItem("as.view", v);
    for (const b of views.children) b.setAttribute("aria-pressed", String(b.getAttribute("aria-label").startsWith(v === "list" ? "List" : "Grid")));
    draw();
  }

  function update() {
    const p = new URLSearchParams();
    if (st.q) p.set("q", st.q);
    if (st.type) p.set("type", st.type);
    if (st.days) p.set("days", st.days);
    if (st.tag) p.set("tag", st.tag);
    if (p.size && st.scope === "all") p.set("in", "all");
    if (st.sort !== "name" || st.order !== "asc") { p.set("sort", st.sort); p.set("order", st.order); }
    const base = st.folder ? "/app/folder/" + encodeURIComponent(st.folder) : "/app/";
    history.replaceState({}, "", base + (p.size ? "?" + p : ""));
    reload();
  }

  function assetQuery(cursor) {
    const p = { limit: 100, sort_by: st.sort, sort_order: st.order, hydrate: false, include_total: !cursor, cursor };
    if (!everywhere()) { if (st.folder) p.folder = st.folder; else p.folder__isnull = "true"; }
    if (st.q) p.q = st.q;
    if (st.type) p[st.type.endsWith("/") ? "content_type__startswith" : "content_type"] = st.type;
    if (st.days) p.created__gte = new Date(Date.now() - st.days * 86400000).toISOString();
    if (st.tag) p.tags__contains = st.tag;
    return "/api/store/asset/?" + qs(p);
  }

  async function allFolders() {
    const out = [];
    let cursor = null;
    const byName = ["name", "size", "content_type"].includes(st.sort);
    do {
      const p = { limit: 250, sort_by: byName ? "name" : st.sort, sort_order: byName && st.sort !== "name" ? "asc" : st.order, hydrate: false, include_total: false, cursor };
      if (st.folder) p.parent = st.folder; else p.parent__isnull = "true";
      const page = await get("/api/store/folder/?" + qs(p));
      out.push(...page.items);
      cursor = page.next_page ? page.next_cursor : null;
    } while (cursor);
    return out;
  }

  async function reload() {
    const gen = ++st.gen;
    st.items = []; st.sel.clear(); st.cursor = null; st.more = false; st.focus = 0;
    orderBtn.replaceChildren(st.order === "asc" ? "↑" : "↓");
    orderBtn.setAttribute("aria-label", st.order === "asc" ? "Ascending; change to descending" : "Descending; change to ascending");
    status.textContent = "Loading…";
    win.reset(0, st.view === "grid");
    try {
      await header(gen);
      const folders = searching() ? [] : await allFolders();
      if (gen !== st.gen) return;
      st.items = folders;
      draw();
      await more(gen);
    } catch (x) {
      if (gen === st.gen) { status.textContent = x.message; status.classList.add("error"); }
    }
  }

  async function header(gen) {
    status.classList.remove("error");
    const chain = [];
    if (st.folder) {
      let f = await get("/api/store/folder/" + encodeURIComponent(st.folder) + "?hydrate=false");
      st.info = f;
      chain.unshift(f);
      while (f.parent && chain.length < 70) { f = await get("/api/store/folder/" + encodeURIComponent(f.parent) + "?hydrate=false"); chain.unshift(f); }
    } else st.info = null;
    if (gen !== st.gen) return;
    const link = (id, name) => h("a", { href: id ? "/app/folder/" + encodeURIComponent(id) : "/app/", onclick: (e) => { e.preventDefault(); nav(e.currentTarget.getAttribute("href")); } }, name);
    const parts = [link(null, "All files"), ...chain.map((f) => link(f.id, f.name))];
    parts.at(-1).setAttribute("aria-current", "page");
    const ol = h("ol", {}, parts.map((p) => h("li", {}, p)));
    crumbs.replaceChildren(ol);
    crumbs.hidden = everywhere() || !chain.length;
    const where = chain.length ? "“" + chain.at(-1).name + "”" : "the top level";
    heading.textContent = !searching() ? (chain.length ? chain.at(-1).name : "All files")
      : (st.q ? "Search results for “" + st.q + "”" : "Filtered files") + (everywhere() ? " everywhere" : " in " + where);
    scopeNote.hidden = !searching();
    scopeNote.textContent = everywhere() ? "Searching every folder."
      : "Searching the files directly in " + where + ", not in its subfolders. Choose “Everywhere” next to the search box to search every folder.";
    document.title = heading.textContent + " · Asset Store";
    if (chain.length) expandTo(chain.map((f) => f.id));
  }

  async function more(gen) {
    if (st.loading) return;
    st.loading = true;
    try {
      const page = await get(assetQuery(st.cursor));
      if (gen !== st.gen) return;
      if (!st.cursor) st.total = page.collection_total;
      st.items.push(...page.items);
      st.cursor = page.next_page ? page.next_cursor : null;
      st.more = !!st.cursor;
      draw(page.items);
    } catch (x) {
      if (gen === st.gen) { status.textContent = x.message; status.classList.add("error"); }
    } finally {
      st.loading = false;
    }
  }

  function thumb(it) {
    if (st.view !== "grid" || !hasPreview(it)) return fileBadge(it);
    const url = "/api/store/asset/" + encodeURIComponent(it.id) + "/preview?w=320&h=240&fit=cover";
    const img = h("img", { alt: "", loading: "lazy", decoding: "async", src: url });
    let tried = false;
    img.addEventListener("error", async () => {
      // Without the service worker the image went without credentials: fetch it ourselves once.
      if (!tried && !navigator.serviceWorker?.controller) {
        tried = true;
        const r = await fetch(url, { headers: authHeaders() }).catch(() => null);
        if (r?.ok) { img.src = URL.createObjectURL(await r.blob()); return; }
      }
      img.replaceWith(fileBadge(it));
    });
    return img;
  }

  function rowFor(it, i) {
    const li = h("li", { role: "option", id: "it-" + it.id, "aria-selected": String(st.sel.has(it.id)), tabindex: i === st.focus ? "0" : "-1", draggable: "true", "data-i": i, class: it.type },
      h("span", { class: "thumb" }, thumb(it)),
      // Results from every folder say where each one lives when pointed at.
      h("span", { class: "name", title: everywhere() && it.path ? it.path : it.name }, it.name),
      h("span", { class: "size" }, it.type === "asset" ? bytes(it.size) : "Folder"),
      h("span", { class: "type" }, it.type === "asset" ? it.content_type : ""),
      h("span", { class: "date" }, when(st.sort === "updated" ? it.updated : it.created)));
    if (it.type === "folder") {
      li.addEventListener("dragover", (e) => { if (canDrop(e)) { e.preventDefault(); e.stopPropagation(); li.classList.add("drop"); } });
      li.addEventListener("dragleave", () => li.classList.remove("drop"));
      li.addEventListener("drop", (e) => { li.classList.remove("drop"); wrap.classList.remove("dragging"); e.preventDefault(); e.stopPropagation(); dropInto(it.id, e); });
    }
    return li;
  }

  function draw(added) {
    ul.className = "items " + st.view;
    listHead.hidden = st.view !== "list" || !st.items.length;
    if (added) win.grow(st.items.length);
    else win.reset(st.items.length, st.view === "grid");
    const nf = st.items.filter((i) => i.type === "folder").length;
    const na = st.items.length - nf;
    status.classList.remove("error");
    status.textContent = !st.items.length
      ? (searching() ? "Nothing matches." : "This folder is empty. Drop files here or use “Upload files”.")
      : [nf && plural(nf, "folder"), plural(st.total ?? na, "file")].filter(Boolean).join(", ") + (st.more ? " · scroll for more" : "");
    selection();
  }

  const selected = () => st.items.filter((i) => st.sel.has(i.id));
  function selection() {
    for (const li of ul.children) li.setAttribute("aria-selected", String(st.sel.has(st.items[li.dataset.i].id)));
    const s = selected();
    selbar.hidden = !s.length;
    if (!s.length) return;
    const b = (label, f, id) => h("button", { type: "button", class: "btn small", id, onclick: f }, label);
    // replaceChildren would print a false as the text "false": only the buttons that apply go in.
    selbar.replaceChildren(...[h("span", { class: "count" }, plural(s.length, "item") + " selected"),
      s.length === 1 && b("Open", () => open(s[0]), "sel-open"),
      b(s.length > 1 || s[0].type === "folder" ? "Download ZIP" : "Download", () => downloadItems(s), "sel-download"),
      s.length === 1 && b("Share", () => shareDialog(s[0]), "sel-share"),
      s.length === 1 && b("Rename", () => rename(s[0]), "sel-rename"),
      b("Move to…", () => moveDialog(s), "sel-move"),
      h("button", { type: "button", class: "btn small danger", id: "sel-delete", onclick: () => remove(s) }, "Delete"),
      b("Clear", () => { st.sel.clear(); selection(); }, "sel-clear")].filter(Boolean));
  }

  function open(it) {
    if (it.type === "folder") return nav("/app/folder/" + encodeURIComponent(it.id));
    const assets = st.items.filter((i) => i.type === "asset");
    openPreview(it, assets, st.folder);
  }

  function focusRow(i, how) {
    i = Math.max(0, Math.min(st.items.length - 1, i));
    const li = win.reveal(i);
    if (!li) return;
    ul.querySelector('li[tabindex="0"]')?.setAttribute("tabindex", "-1");
    st.focus = i;
    li.tabIndex = 0;
    li.focus({ preventScroll: false });
    const id = st.items[i].id;
    if (how === "move") { st.sel = new Set([id]); st.anchor = i; }
    else if (how === "range") {
      const a = st.anchor ?? i;
      st.sel = new Set(st.items.slice(Math.min(a, i), Math.max(a, i) + 1).map((x) => x.id));
    }
    selection();
    if (i >= st.items.length - 5 && st.more) more(st.gen);
  }

  ul.addEventListener("click", (e) => {
    const li = e.target.closest("li[role=option]");
    if (!li) return;
    const i = Number(li.dataset.i), id = st.items[i].id;
    if (matchMedia("(pointer: coarse)").matches && !e.ctrlKey && !e.shiftKey && !st.sel.size) return open(st.items[i]);
    if (e.shiftKey) { focusRow(i, "range"); return; }
    if (e.ctrlKey || e.metaKey) { st.sel.has(id) ? st.sel.delete(id) : st.sel.add(id); st.anchor = i; focusRow(i); return; }
    focusRow(i, "move");
  });
  ul.addEventListener("dblclick", (e) => {
    const li = e.target.closest("li[role=option]");
    if (li) open(st.items[li.dataset.i]);
  });
  ul.addEventListener("focus", () => { if (document.activeElement === ul && st.items.length) focusRow(st.focus); });
  ul.addEventListener("keydown", (e) => {
    const cols = win.cols();
    const how = e.shiftKey ? "range" : e.ctrlKey || e.metaKey ? null : "move";
    const s = selected();
    const k = e.key;
    if (k === "ArrowDown") focusRow(st.focus + cols, how);
    else if (k === "ArrowUp") focusRow(st.focus - cols, how);
    else if (k === "ArrowRight" && cols > 1) focusRow(st.focus + 1, how);
    else if (k === "ArrowLeft" && cols > 1) focusRow(st.focus - 1, how);
    else if (k === "Home") focusRow(0, how);
    else if (k === "End") focusRow(st.items.length - 1, how);
    else if (k === " ") { const id = st.items[st.focus]?.id; if (id) { st.sel.has(id) ? st.sel.delete(id) : st.sel.add(id); selection(); } }
    else if (k === "Enter" && st.items[st.focus]) open(st.items[st.focus]);
    else if (k === "a" && (e.ctrlKey || e.metaKey)) { st.sel = new Set(st.items.map((i) => i.id)); selection(); }
    else if (k === "F2" && s.length === 1) rename(s[0]);
    else if ((k === "Delete" || k === "Backspace") && s.length) remove(s);
    else if (k === "Escape" && s.length) { st.sel.clear(); selection(); }
    else return;
    e.preventDefault();
  });
  ul.addEventListener("dragstart", (e) => {
    const li = e.target.closest("li[role=option]");
    const it = st.items[li.dataset.i];
    if (!st.sel.has(it.id)) { st.sel = new Set([it.id]); selection(); }
    startDrag(e, selected());
  });

  // Files dragged in from the computer: show where they will land.
  let depth = 0;
  const files = (e) => (e.dataTransfer?.types || []).includes("Files");
  main.addEventListener("dragenter", onEnter);
  main.addEventListener("dragleave", onLeave);
  main.addEventListener("dragover", onOver);
  main.addEventListener("drop", onDrop);
  function onEnter(e) { if (files(e)) { depth++; wrap.classList.add("dragging"); } }
  function onLeave(e) { if (files(e) && --depth <= 0) { depth = 0; wrap.classList.remove("dragging"); } }
  function onOver(e) { if (canDrop(e)) e.preventDefault(); }
  function onDrop(e) { depth = 0; wrap.classList.remove("dragging"); if (!canDrop(e)) return; e.preventDefault(); dropInto(st.folder, e); }

  const io = new IntersectionObserver((es) => { if (es.some((x) => x.isIntersecting) && st.more && !st.loading) more(st.gen); }, { rootMargin: "600px" });
  io.observe(sentinel);
  const onChange = () => { refreshTree(); reload(); };
  document.addEventListener("store-changed", onChange);
  const onKey = (e) => {
    if (e.key === "a" && (e.ctrlKey || e.metaKey) && !e.target.closest("input, textarea, select, dialog")) {
      e.preventDefault(); st.sel = new Set(st.items.map((i) => i.id)); selection(); ul.focus();
    }
  };
  document.addEventListener("keydown", onKey);

  if (asset) {
    get("/api/store/asset/" + encodeURIComponent(asset) + "?hydrate=false").then((a) => {
      st.folder = a.folder || null;
      reload().then(() => openPreview(a, st.items.filter((i) => i.type === "asset"), st.folder));
    }).catch((x) => { status.textContent = x.message; status.classList.add("error"); toast(x.message, true); });
  } else reload();

  return () => {
    io.disconnect();
    win.stop();
    st.gen++;
    document.removeEventListener("store-changed", onChange);
    document.removeEventListener("keydown", onKey);
    main.removeEventListener("dragenter", onEnter);
    main.removeEventListener("dragleave", onLeave);
    main.removeEventListener("dragover", onOver);
    main.removeEventListener("drop", onDrop);
  };
}
