// Shares: every link with what it points at, its protection, limits and statistics; edit, copy
// and revoke.
import { labelled, h, when, toast, copyText } from "./dom.js";
import { call, get, qs } from "./api.js";
import { dialog, confirmDialog } from "./dialog.js";
import { shareFields } from "./share-dialog.js";

const COLS = ["Shared", "Protection", "Expires", "Views", "Downloads", "Failed", "Last opened", "Status", ""];

export function renderShares(main) {
  let cursor = null, gen = 0;
  const tbody = h("tbody");
  const status = h("p", { class: "list-status", role: "status" });
  const moreBtn = h("button", { type: "button", class: "btn", hidden: true, onclick: () => load() }, "Show more");
  const active = h("select", { "aria-label": "Show", id: "shares-filter", onchange: () => reload() },
    h("option", { value: "" }, "All links"), h("option", { value: "true" }, "Active"), h("option", { value: "false" }, "Inactive"));
  main.replaceChildren(h("section", { class: "page", "aria-labelledby": "view-title" },
    h("div", { class: "page-head" }, h("h1", { id: "view-title", class: "view-title" }, "Shares"), active),
    h("p", { class: "hint" }, "Links to files and folders, with how often they were opened and downloaded."),
    h("div", { class: "table-wrap" }, h("table", { class: "table", id: "shares" },
      h("thead", {}, h("tr", {}, COLS.map((c) => h("th", { scope: "col" }, c)))),
      tbody)),
    status, moreBtn));
  document.title = "Shares · Asset Store";

  function reload() { cursor = null; gen++; tbody.replaceChildren(); load(); }

  async function load() {
    const g = gen;
    status.textContent = "Loading…";
    status.classList.remove("error");
    try {
      const page = await get("/api/share/?" + qs({ limit: 50, cursor, active: active.value, sort_by: "created", sort_order: "desc" }));
      if (g !== gen) return;
      tbody.append(...page.items.map((x) => labelled(row(x), COLS)));
      cursor = page.next_page ? page.next_cursor : null;
      moreBtn.hidden = !cursor;
      status.textContent = tbody.children.length ? "" : "No share links yet. Select a file or folder and choose “Share”.";
    } catch (x) { status.textContent = x.message; status.classList.add("error"); }
  }

  function row(s) {
    const target = s.asset || s.folder;
    const name = (target && typeof target === "object" ? target.name : "") || "(deleted)";
    const st = s.statistics;
    const prot = [s.password_protected && "Password", s.recipients?.length && s.recipients.length + " recipient(s)"].filter(Boolean).join(", ") || "Anyone with the link";
    const err = h("span", { class: "error small", role: "alert" });
    return h("tr", { "data-id": s.id },
      h("td", {}, h("strong", {}, s.name || name), s.name ? h("div", { class: "muted small" }, name) : null, h("div", { class: "muted small" }, s.target_type === "folder" ? "Folder" : "File")),
      h("td", {}, prot),
      h("td", {}, s.expires ? when(s.expires) : "Never"),
      h("td", { class: "num" }, st.views),
      h("td", { class: "num" }, st.downloads + (s.max_downloads ? " / " + s.max_downloads : "")),
      h("td", { class: "num" }, st.failed_attempts),
      h("td", {}, when(st.last_accessed)),
      h("td", {}, h("span", { class: "pill " + (s.active ? "ok" : "off") }, s.active ? "Active" : "Inactive")),
      h("td", { class: "row-actions" },
        h("button", { type: "button", class: "btn small", "aria-label": "Copy link of " + (s.name || name), onclick: (e) => copyText(s.access_url, e.currentTarget) }, "Copy link"),
        h("button", { type: "button", class: "btn small", "aria-label": "Edit " + (s.name || name), onclick: () => edit(s) }, "Edit"),
        h("button", { type: "button", class: "btn small danger", "aria-label": "Revoke " + (s.name || name), onclick: async () => {
          const ok = await confirmDialog("Revoke this link?", "People who have the link to “" + name + "” will no longer be able to open it. This cannot be undone.", "Revoke",
            async () => { await call("DELETE", "/api/share/" + encodeURIComponent(s.id)); return true; });
          if (ok) { toast("Link revoked."); reload(); }
        } }, "Revoke"), err));
  }

  async function edit(s) {
    const { body, values } = shareFields(s);
    const clear = h("input", { type: "checkbox", id: "share-clear-password" });
    if (s.password_protected) body.push(h("label", { class: "check" }, clear, " Remove the password"));
    const ok = await dialog({ title: "Edit link", body, submit: "Save", wide: true, onSubmit: async () => {
      const v = values(true);
      if (clear.checked) v.password = null;
      await call("PATCH", "/api/share/" + encodeURIComponent(s.id), v);
      return true;
    } });
    if (ok) { toast("Link saved."); reload(); }
  }

  load();
  return () => { gen++; };
}
