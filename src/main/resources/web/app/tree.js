// The folder tree in the sidebar: children load when a folder opens; folders are drop targets.
import { h, icon } from "./dom.js";
import { get, qs } from "./api.js";
import { dropInto, canDrop } from "./actions.js";

let host = null;
const open = new Set();

export function renderTree(el) {
  host = el;
  draw();
}

export function refreshTree() { if (host) draw(); }

async function children(parent) {
  const p = { limit: 250, sort_by: "name", sort_order: "asc", include_total: false, hydrate: false };
  if (parent) p.parent = parent; else p.parent__isnull = "true";
  return (await get("/api/store/folder/?" + qs(p))).items;
}

async function draw(focusId) {
  const ul = h("ul", { role: "tree", "aria-label": "Folders", class: "tree" });
  ul.append(await node({ id: null, name: "All files" }, 1));
  host.replaceChildren(ul);
  ul.addEventListener("keydown", keys);
  if (!ul.querySelector(".tree-row[tabindex='0']")) ul.querySelector(".tree-row").tabIndex = 0;
  // A folder opened or closed from the keyboard keeps the focus on its row.
  const row = focusId && ul.querySelector(`.tree-row[data-id="${CSS.escape(focusId)}"]`);
  if (row) { ul.querySelectorAll(".tree-row").forEach((r) => (r.tabIndex = -1)); row.tabIndex = 0; row.focus(); }
}

async function node(f, level) {
  const expanded = f.id === null || open.has(f.id);
  const href = f.id ? "/app/folder/" + encodeURIComponent(f.id) : "/app/";
  const here = location.pathname.replace(/\/+$/, "") === href.replace(/\/+$/, "");
  const row = h("a", { href, class: "tree-row", tabindex: "-1", "data-id": f.id || "", onclick: (e) => { e.preventDefault(); import("./main.js").then((m) => m.navigate(href)); } },
    f.id && h("span", { class: "twisty", "aria-hidden": "true", onclick: (e) => { e.preventDefault(); e.stopPropagation(); toggle(f.id); } }, expanded ? "▾" : "▸"),
    icon("folder"), h("span", { class: "label" }, f.name));
  const li = h("li", { role: "treeitem", "aria-level": level, "aria-expanded": f.id ? String(expanded) : null, "aria-selected": String(here), "data-id": f.id || "" }, row);
  if (here) row.tabIndex = 0;
  row.addEventListener("dragover", (e) => { if (canDrop(e)) { e.preventDefault(); row.classList.add("drop"); } });
  row.addEventListener("dragleave", () => row.classList.remove("drop"));
  row.addEventListener("drop", (e) => { row.classList.remove("drop"); e.preventDefault(); e.stopPropagation(); dropInto(f.id, e); });
  if (expanded) {
    try {
      const kids = await children(f.id);
      if (kids.length) {
        const group = h("ul", { role: "group" });
        for (const k of kids) group.append(await node(k, level + 1));
        li.append(group);
      } else if (f.id) li.setAttribute("aria-expanded", "false");
    } catch (x) {
      li.append(h("p", { class: "error small" }, x.message));
    }
  }
  return li;
}

function toggle(id) {
  if (open.has(id)) open.delete(id); else open.add(id);
  draw(id);
}

export function expandTo(ids) { for (const id of ids) open.add(id); draw(); }

function keys(e) {
  const rows = [...host.querySelectorAll(".tree-row")];
  const i = rows.indexOf(document.activeElement);
  if (i < 0) return;
  const li = rows[i].parentElement;
  const id = li.dataset.id;
  let next = null;
  if (e.key === "ArrowDown") next = rows[i + 1];
  else if (e.key === "ArrowUp") next = rows[i - 1];
  else if (e.key === "ArrowRight" && id && !open.has(id)) { toggle(id); e.preventDefault(); return; }
  else if (e.key === "ArrowLeft" && id && open.has(id)) { toggle(id); e.preventDefault(); return; }
  else return;
  e.preventDefault();
  if (next) { rows.forEach((r) => (r.tabIndex = -1)); next.tabIndex = 0; next.focus(); }
}
