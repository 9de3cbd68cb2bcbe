// Users: create, change permissions, reset a password, delete.
import { h, when, toast } from "./dom.js";
import { call } from "./api.js";
import { adminTable } from "./admin-table.js";
import { dialog, confirmDialog, field } from "./dialog.js";
import { scopeBoxes } from "./scopes.js";

const COLS = ["Username", "Email", "Permissions", "Created", ""];

export function renderUsers(main) {
  const page = adminTable(main, {
    title: "Users", id: "users", cols: COLS, list: "/api/admin/users/", params: { sort_by: "created", sort_order: "asc" }, row,
    button: h("button", { type: "button", class: "btn primary", id: "new-user", onclick: () => edit(null) }, "New user"),
  });
  const load = page.reload;

  function row(u) {
    const b = (label, f, cls) => h("button", { type: "button", class: "btn small " + (cls || ""), "aria-label": label + " " + u.username, onclick: f }, label);
    return h("tr", {},
      h("td", {}, h("strong", {}, u.username), u.disabled ? h("span", { class: "pill off" }, "Disabled") : null),
      h("td", {}, u.email || "—"),
      h("td", {}, u.scopes.join(", ")),
      h("td", {}, when(u.created)),
      h("td", { class: "row-actions" }, b("Edit", () => edit(u)), b("Reset password", () => reset(u)),
        b("Delete", async () => {
          const ok = await confirmDialog("Delete “" + u.username + "”?", "They can no longer sign in. Their files stay. This cannot be undone.", "Delete",
            async () => { await call("DELETE", "/api/admin/users/" + encodeURIComponent(u.id)); return true; });
          if (ok) { toast("User deleted."); load(); }
        }, "danger")));
  }

  async function edit(u) {
    const name = h("input", { required: true, value: u?.username || "", autocomplete: "off", id: "user-name" });
    const email = h("input", { type: "email", value: u?.email || "", autocomplete: "off", id: "user-email" });
    const pw = h("input", { type: "password", minlength: 8, required: !u, autocomplete: "new-password", id: "user-password" });
    const scopes = scopeBoxes(u ? u.scopes : ["store:read", "store:write", "store:share"]);
    const ok = await dialog({ title: u ? "Edit " + u.username : "New user", submit: u ? "Save" : "Create user", wide: true,
      body: [field("Username", name), field("Email (optional)", email), !u && field("Password", pw, "At least 8 characters."), scopes.el],
      onSubmit: async () => {
        const body = { username: name.value.trim(), email: email.value.trim() || null, scopes: scopes.values() };
        if (!u) body.password = pw.value;
        await call(u ? "PATCH" : "POST", "/api/admin/users/" + (u ? encodeURIComponent(u.id) : ""), body);
        return true;
      } });
    if (ok) { toast(u ? "User saved." : "User created."); load(); }
  }

  async function reset(u) {
    const pw = h("input", { type: "password", minlength: 8, required: true, autocomplete: "new-password", id: "user-new-password" });
    const ok = await dialog({ title: "New password for " + u.username, submit: "Set password", body: [field("New password", pw, "At least 8 characters.")],
      onSubmit: async () => { await call("PATCH", "/api/admin/users/" + encodeURIComponent(u.id), { password: pw.value }); return true; } });
    if (ok) toast("Password changed.");
  }

  return page.stop;
}
