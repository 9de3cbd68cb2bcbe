// Modal dialogs on <dialog>: focus stays inside, Escape cancels, a failed action keeps the form
// filled and says why next to the buttons.
import { h, icon } from "./dom.js";

let seq = 0;
export function dialog({ title, body, submit = "OK", danger = false, cancel = "Cancel", onSubmit, wide = false, id }) {
  return new Promise((resolve) => {
    const tid = "dlg-title-" + ++seq;
    const err = h("p", { class: "error", role: "alert", hidden: true });
    const ok = submit && h("button", { class: "btn " + (danger ? "danger" : "primary"), type: "submit" }, submit);
    const form = h("form", { method: "dialog", novalidate: true },
      h("div", { class: "dlg-body" }, body),
      err,
      h("div", { class: "dlg-actions" }, cancel && h("button", { class: "btn", type: "button", value: "cancel", onclick: () => close(null) }, cancel), ok));
    const d = h("dialog", { class: "dlg" + (wide ? " wide" : ""), "aria-labelledby": tid, id },
      h("div", { class: "dlg-head" }, h("h2", { id: tid }, title),
        h("button", { class: "icon-btn", type: "button", "aria-label": "Close", onclick: () => close(null) }, icon("close"))),
      form);
    let done = false;
    function close(v) {
      if (done) return;
      done = true;
      d.close();
      d.remove();
      resolve(v);
    }
    d.addEventListener("cancel", (e) => { e.preventDefault(); close(null); });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!onSubmit) return close(true);
      err.hidden = true;
      if (ok) ok.disabled = true;
      try {
        const v = await onSubmit(form);
        if (v !== undefined) close(v);
      } catch (x) {
        err.textContent = x.message;
        err.hidden = false;
      } finally {
        if (ok) ok.disabled = false;
      }
    });
    document.body.append(d);
    d.showModal();
    const first = d.querySelector(".dlg-body input:not([type=hidden]), .dlg-body select, .dlg-body textarea") || ok;
    first?.focus();
    if (first?.select && first.type === "text") {
      // Select a name without its extension, as file managers do.
      const dot = first.value.lastIndexOf(".");
      first.setSelectionRange(0, dot > 0 ? dot : first.value.length);
    }
  });
}

export function confirmDialog(title, text, action, onSubmit) {
  return dialog({ title, body: h("p", {}, text), submit: action, danger: true, onSubmit: onSubmit || (() => true) });
}

export function field(label, input, hint) {
  input.id ||= "f-" + ++seq;
  return h("div", { class: "field" }, h("label", { for: input.id }, label), input, hint && h("p", { class: "hint" }, hint));
}

export function promptDialog(title, label, value, submit, onSubmit) {
  const input = h("input", { type: "text", value, required: true, maxlength: 255, autocomplete: "off" });
  return dialog({ title, body: field(label, input), submit, onSubmit: () => onSubmit(input.value.trim()) });
}
