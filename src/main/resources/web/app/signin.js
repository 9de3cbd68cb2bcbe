// Sign-in: a username and password (refresh cookie) or an API key (kept for this tab only).
import { h } from "./dom.js";
import { signInWithKey, signInWithPassword } from "./api.js";

export function renderSignIn(root, done) {
  let mode = "password";
  const err = h("p", { class: "error", id: "signin-error", role: "alert", hidden: true });
  const user = h("input", { id: "username", name: "username", autocomplete: "username", required: true });
  const pass = h("input", { id: "password", name: "password", type: "password", autocomplete: "current-password", required: true });
  const key = h("input", { id: "api-key", name: "api-key", type: "password", autocomplete: "off", spellcheck: "false", placeholder: "sla_live_…" });
  const pwFields = h("div", { id: "panel-password", role: "tabpanel", "aria-labelledby": "tab-password" },
    h("label", { for: "username" }, "Username"), user,
    h("label", { for: "password" }, "Password"), pass);
  const keyFields = h("div", { id: "panel-key", role: "tabpanel", "aria-labelledby": "tab-key", hidden: true },
    h("label", { for: "api-key" }, "API key"), key,
    h("p", { class: "hint", id: "bootstrap-hint" }, "New install? The server printed an admin key in its log when it first started, and saved it in the file ",
      h("code", {}, "data/bootstrap-admin-key"), " of its data directory (unless ", h("code", {}, "ASSET_STORE_ADMIN_KEY"), " chose it)."));
  const submit = h("button", { class: "btn primary wide", type: "submit", id: "signin" }, "Sign in");
  const tab = (id, label, m) => h("button", { type: "button", role: "tab", id, "aria-selected": String(m === mode), "aria-controls": "panel-" + m, onclick: () => pick(m) }, label);
  const tabs = h("div", { class: "tabs", role: "tablist", "aria-label": "Sign in with" }, tab("tab-password", "Password", "password"), tab("tab-key", "API key", "key"));
  function pick(m) {
    mode = m;
    pwFields.hidden = m !== "password";
    keyFields.hidden = m !== "key";
    for (const input of [user, pass]) input.required = m === "password";
    key.required = m === "key";
    for (const b of tabs.children) b.setAttribute("aria-selected", String(b.id === "tab-" + m));
    err.hidden = true;
    (m === "key" ? key : user).focus();
  }
  tabs.addEventListener("keydown", (e) => {
    if (e.key === "ArrowRight" || e.key === "ArrowLeft") { pick(mode === "key" ? "password" : "key"); document.getElementById("tab-" + mode).focus(); }
  });
  const form = h("form", { class: "card signin", "aria-labelledby": "signin-title", onsubmit: async (e) => {
    e.preventDefault();
    submit.disabled = true;
    err.hidden = true;
    try {
      if (mode === "key") await signInWithKey(key.value);
      else await signInWithPassword(user.value, pass.value);
      done();
    } catch (x) {
      err.textContent = x.message;
      err.hidden = false;
      (mode === "key" ? key : pass).focus();
    } finally {
      submit.disabled = false;
    }
  } },
    h("div", { class: "brand big" }, h("span", { class: "logo", "aria-hidden": "true" }), "Asset Store"),
    h("h1", { id: "signin-title" }, "Sign in"),
    tabs, pwFields, keyFields, err, submit);
  root.replaceChildren(h("main", { class: "center", id: "main" }, form));
  user.focus();
}
