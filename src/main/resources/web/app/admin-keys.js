// API keys: list, create (the key is shown once, with a copy button) and revoke.
import { labelled, h, when, toast, copyText } from "./dom.js";
import { call, get, qs } from "./api.js";
import { dialog, confirmDialog, field } from "./dialog.js";
import { scopeBoxes } from "./scopes.js";

const COLS = ["Label", "Key starts", "Permissions", "Expires", "Last used", "Created", ""];

export function renderKeys(main) {
  const tbody = h("tbody");
  const status = h("p", { class: "list-status", role: "status" });
  main.replaceChildren(h("section", { class: "page", "aria-labelledby": "view-title" },
    h("div", { class: "page-head" }, h("h1", { id: "view-title", class: "view-title" }, "API keys"),
      h("button", { type: "button", class: "btn primary", id: "new-key", onclick: create }, "New API key")),
    h("p", { class: "hint" }, "Keys let programs use the store. A key is shown once, when it is made."),
    h("div", { class: "table-wrap" }, h("table", { class: "table", id: "keys" },
      h("thead", {}, h("tr", {}, COLS.map((c) => h("th", { scope: "col" }, c)))), tbody)),
    status));
  document.title = "API keys · Asset Store";

  async function load() {
    status.textContent = "Loading…";
    status.classList.remove("error");
    tbody.replaceChildren();
    try {
      let cursor = null;
      do {
        const page = await get("/api/admin/api-keys/?" + qs({ limit: 250, cursor, include_total: false }));
        tbody.append(...page.items.map((x) => labelled(row(x), COLS)));
        cursor = page.next_page ? page.next_cursor : null;
      } while (cursor);
      status.textContent = "";
    } catch (x) { status.textContent = x.message; status.classList.add("error"); }
  }

  function row(k) {
    return h("tr", {},
      h("td", {}, h("strong", {}, k.label)),
      h("td", {}, h("code", {}, k.prefix + "…")),
      h("td", {}, k.scopes.join(", ")),
      h("td", {}, k.expires ? when(k.expires) : "Never"),
      h("td", {}, when(k.last_used)),
      h("td", {}, when(k.created)),
      h("td", { class: "row-actions" }, h("button", { type: "button", class: "btn small danger", "aria-label": "Revoke key " + k.label, onclick: async () => {
        const ok = await confirmDialog("Revoke “" + k.label + "”?", "Programs using this key lose access at once. This cannot be undone.", "Revoke",
          async () => { await call("DELETE", "/api/admin/api-keys/" + encodeURIComponent(k.id)); return true; });
        if (ok) { toast("Key revoked."); load(); }
      } }, "Revoke")));
  }

  async function create() {
    const label = h("input", { required: true, maxlength: 255, autocomplete: "off", id: "key-label" });
    const expires = h("input", { type: "date", id: "key-expires" });
    const scopes = scopeBoxes();
    const made = await dialog({ title: "New API key", submit: "Create key", wide: true, id: "key-dialog",
      body: [field("Label", label, "What the key is for, e.g. “Website build”."), field("Expires (optional)", expires), scopes.el],
      onSubmit: async () => {
        const body = { label: label.value.trim(), scopes: scopes.values() };
        if (expires.value) body.expires = new Date(expires.value + "T23:59:59").toISOString();
        return call("POST", "/api/admin/api-keys/", body);
      } });
    if (!made) return;
    load();
    const out = h("input", { readonly: true, value: made.key, id: "new-key-value", "aria-label": "The new API key", onfocus: (e) => e.target.select() });
    await dialog({ title: "Copy the key now", submit: null, cancel: "Done", id: "key-shown",
      body: [h("p", {}, "This is the only time the key is shown. Keep it somewhere safe."),
        h("div", { class: "copy-row" }, out, h("button", { type: "button", class: "btn primary", onclick: (e) => copyText(made.key, e.currentTarget) }, "Copy"))] });
  }

  load();
  return () => {};
}
