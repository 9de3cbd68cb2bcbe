// Make a share link for a file or folder: optional password, expiry, download limit, recipients
// and message; then the link with a copy button (and email, when the server can send it).
import { h, copyText } from "./dom.js";
import { call } from "./api.js";
import { dialog, field } from "./dialog.js";

export function shareFields(s = {}) {
  const local = (iso) => { if (!iso) return ""; const d = new Date(iso); return new Date(d - d.getTimezoneOffset() * 60000).toISOString().slice(0, 16); };
  const f = {
    name: h("input", { value: s.name || "", maxlength: 255, autocomplete: "off" }),
    password: h("input", { type: "password", autocomplete: "new-password", minlength: 8, placeholder: s.password_protected ? "Unchanged" : "None" }),
    expires: h("input", { type: "datetime-local", value: local(s.expires) }),
    max: h("input", { type: "number", min: 1, value: s.max_downloads ?? "", placeholder: "No limit", inputmode: "numeric" }),
    recipients: h("input", { value: (s.recipients || []).join(", "), placeholder: "name@example.com, …", autocomplete: "off" }),
    message: h("textarea", { rows: 3 }, s.message || ""),
  };
  f.name.id = "share-name"; f.password.id = "share-password"; f.expires.id = "share-expires"; f.max.id = "share-max"; f.recipients.id = "share-recipients"; f.message.id = "share-message";
  const body = [
    field("Name (optional)", f.name),
    h("div", { class: "two" }, field("Password", f.password, "At least 8 characters."), field("Expires", f.expires)),
    h("div", { class: "two" }, field("Maximum downloads", f.max), field("Recipients", f.recipients, "Only these addresses may open it.")),
    field("Message", f.message),
  ];
  const values = (edit) => {
    const v = {
      name: f.name.value.trim() || null,
      expires: f.expires.value ? new Date(f.expires.value).toISOString() : null,
      max_downloads: f.max.value ? Number(f.max.value) : null,
      recipients: f.recipients.value.split(/[,;\s]+/).filter(Boolean),
      message: f.message.value || null,
    };
    if (f.password.value) v.password = f.password.value;
    if (!edit) for (const k of Object.keys(v)) if (v[k] == null || (Array.isArray(v[k]) && !v[k].length)) delete v[k];
    return v;
  };
  return { body, values, f };
}

export async function shareDialog(item) {
  const { body, values, f } = shareFields();
  const email = h("input", { type: "checkbox", id: "share-email" });
  body.push(h("label", { class: "check" }, email, " Email the link to the recipients"));
  const share = await dialog({
    title: "Share “" + item.name + "”", body, submit: "Create link", wide: true, id: "share-dialog",
    onSubmit: async () => {
      const v = values(false);
      if (email.checked && !v.recipients?.length) throw new Error("Add at least one recipient to email the link.");
      return call("POST", "/api/share/", { ...v, [item.type]: item.id });
    },
  });
  if (!share) return null;
  let mailNote = null;
  if (email.checked) {
    try { await call("POST", "/api/share/" + encodeURIComponent(share.id) + "/email", { recipients: share.recipients, message: share.message || undefined }); mailNote = "The link was emailed to " + share.recipients.join(", ") + "."; }
    catch (x) { mailNote = "The link was made, but the email was not sent: " + x.message; }
  }
  const link = h("input", { id: "share-link", readonly: true, value: share.access_url, "aria-label": "Link", onfocus: (e) => e.target.select() });
  await dialog({
    title: "Link ready", submit: null, cancel: "Done", id: "share-ready",
    body: [h("p", {}, "Anyone with this link" + (share.password_protected ? " and the password" : "") + " can open “" + item.name + "”."),
      h("div", { class: "copy-row" }, link, h("button", { type: "button", class: "btn primary", id: "share-copy", onclick: (e) => copyText(share.access_url, e.currentTarget) }, "Copy link")),
      mailNote && h("p", { class: mailNote.includes("not sent") ? "error" : "hint" }, mailNote)],
  });
  void f;
  return share;
}
