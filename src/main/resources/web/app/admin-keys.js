// API keys: list, create (the key is shown once, with a copy button) and revoke.
import { h, when, toast, copyText } from "./dom.js";
import { call } from "./api.js";
import { adminTable } from "./admin-table.js";
import { dialog, confirmDialog, field } from "./dialog.js";
import { scopeBoxes } from "./scopes.js";

const COLS = ["Label", "Key starts", "Permissions", "Expires", "Last used", "Created", ""];

export function renderKeys(main) {
  const page = adminTable(main, {
    title: "API keys", id: "keys", cols: COLS, list: "/api/admin/api-keys/", row,
    button: h("button", { type: "button", class: "btn primary", id: "new-key", onclick: create }, "New API key"),
    hint: "Keys let programs use the store. A key is shown once, when it is made.",
  });
  const load = page.reload;

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

  return page.stop;
}
