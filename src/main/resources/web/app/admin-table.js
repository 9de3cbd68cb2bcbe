// The admin pages' shape: a title with the page's main button, a table of every record (all its
// pages, 250 at a time, each cell labelled for the phone layout) and a status line that says
// "Loading…" or the server's error in words.
import { h, labelled } from "./dom.js";
import { get, qs } from "./api.js";

export function adminTable(main, { title, id, hint, button, cols, list, params, row }) {
  const tbody = h("tbody");
  const status = h("p", { class: "list-status", role: "status" });
  main.replaceChildren(h("section", { class: "page", "aria-labelledby": "view-title" },
    h("div", { class: "page-head" }, h("h1", { id: "view-title", class: "view-title" }, title), button),
    hint && h("p", { class: "hint" }, hint),
    h("div", { class: "table-wrap" }, h("table", { class: "table", id },
      h("thead", {}, h("tr", {}, cols.map((c) => h("th", { scope: "col" }, c)))), tbody)),
    status));
  document.title = title + " · Asset Store";
  let gen = 0;

  async function load() {
    const g = ++gen; // a newer load wins: rows of an older one are never added
    status.textContent = "Loading…";
    status.classList.remove("error");
    tbody.replaceChildren();
    try {
      let cursor = null;
      do {
        const page = await get(list + "?" + qs({ limit: 250, cursor, include_total: false, ...params }));
        if (g !== gen) return;
        tbody.append(...page.items.map((x) => labelled(row(x), cols)));
        cursor = page.next_page ? page.next_cursor : null;
      } while (cursor);
      status.textContent = "";
    } catch (x) {
      if (g === gen) { status.textContent = x.message; status.classList.add("error"); }
    }
  }

  load();
  return { reload: load, stop: () => { gen++; } };
}
