// The scope checkboxes shared by the API key and user forms.
import { h } from "./dom.js";

export const SCOPES = {
  "store:read": "Read files", "store:write": "Change files", "store:share": "Make share links",
  "apikeys:read": "See API keys", "apikeys:write": "Manage API keys", "users:read": "See users",
  "users:write": "Manage users", admin: "Everything (admin)",
};

export function scopeBoxes(chosen = ["store:read"]) {
  const boxes = Object.entries(SCOPES).map(([s, label]) => h("label", { class: "check" },
    h("input", { type: "checkbox", value: s, checked: chosen.includes(s) }), " " + label + " ", h("code", {}, s)));
  const set = h("fieldset", { class: "scopes" }, h("legend", {}, "Permissions"), boxes);
  return { el: set, values: () => [...set.querySelectorAll("input:checked")].map((i) => i.value) };
}
