// Small DOM helpers: h() builds elements (no innerHTML anywhere, so names are never markup).
export function h(tag, props, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(props || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (k === "value" || k === "checked" || k === "disabled" || k === "hidden") el[k] = v;
    else el.setAttribute(k, v === true ? "" : v);
  }
  add(el, kids);
  return el;
}
function add(el, kids) {
  for (const c of kids) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) add(el, c);
    else el.append(c instanceof Node ? c : String(c));
  }
}

const SVG = "http://www.w3.org/2000/svg";
const PATHS = {
  folder: "M3 6.5A1.5 1.5 0 0 1 4.5 5h4.6l2 2h8.4A1.5 1.5 0 0 1 21 8.5v9a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5z",
  file: "M6 3h8l5 5v12.5a.5.5 0 0 1-.5.5h-12a.5.5 0 0 1-.5-.5zM14 3v5h5",
  upload: "M12 16V4m0 0-5 5m5-5 5 5M4 20h16",
  search: "M10.5 17a6.5 6.5 0 1 0 0-13 6.5 6.5 0 0 0 0 13zm4.6-1.9L20 20",
  grid: "M4 4h7v7H4zm9 0h7v7h-7zM4 13h7v7H4zm9 0h7v7h-7z",
  list: "M4 6h16M4 12h16M4 18h16",
  share: "M15 8a3 3 0 1 0-2.8-4M9 12a3 3 0 1 1-6 0 3 3 0 0 1 6 0zm0 0 6 4m0-8-6 4m12 8a3 3 0 1 1-6 0 3 3 0 0 1 6 0z",
  key: "M14 10a4 4 0 1 0-3.5 4L12 15.5h2v2h2v2h4v-3.5l-6.3-6.3",
  users: "M16 19v-1a4 4 0 0 0-4-4H7a4 4 0 0 0-4 4v1m6.5-8a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zM21 19v-1a4 4 0 0 0-3-3.9M16 4.1a3.5 3.5 0 0 1 0 6.8",
  close: "M6 6l12 12M18 6 6 18",
  menu: "M4 7h16M4 12h16M4 17h16",
  plus: "M12 5v14M5 12h14",
  down: "M12 4v12m0 0-5-5m5 5 5-5M4 20h16",
};
export function icon(name, cls) {
  const s = document.createElementNS(SVG, "svg");
  s.setAttribute("viewBox", "0 0 24 24");
  s.setAttribute("aria-hidden", "true");
  s.setAttribute("class", "icon" + (cls ? " " + cls : ""));
  const p = document.createElementNS(SVG, "path");
  p.setAttribute("d", PATHS[name] || PATHS.file);
  s.append(p);
  return s;
}

// A tile for files without a picture: the kind of file, in words, on a coloured page.
export function fileBadge(item) {
  if (item.type === "folder") return h("span", { class: "badge folder" }, icon("folder"));
  const k = kind(item);
  const ext = (item.name.match(/\.([A-Za-z0-9]{1,5})$/) || [, k])[1].toUpperCase();
  return h("span", { class: "badge k-" + k }, icon("file"), h("b", {}, ext));
}

export function kind(a) {
  const t = a.content_type || "";
  if (t.startsWith("image/")) return "image";
  if (t.startsWith("video/")) return "video";
  if (t.startsWith("audio/")) return "audio";
  if (t === "application/pdf") return "pdf";
  if (t.startsWith("text/") || /json|xml|javascript|yaml|csv/.test(t)) return "text";
  if (/zip|tar|gzip|compressed|7z|rar/.test(t)) return "archive";
  return "other";
}

// Types the server makes previews of (§11).
export function hasPreview(a) {
  return a.type === "asset" && /^(image\/(jpeg|png|gif|webp|bmp|tiff)|application\/pdf)$/.test(a.content_type || "");
}

export function bytes(n) {
  if (n == null) return "";
  const u = ["B", "KB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(n < 10 ? 1 : 0) : n) + " " + u[i];
}

const fmt = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export function when(s) { return s ? fmt.format(new Date(s)) : "—"; }

export function duration(sec) {
  if (!isFinite(sec) || sec < 0) return "—";
  if (sec < 60) return Math.ceil(sec) + " s";
  if (sec < 3600) return Math.floor(sec / 60) + " min " + Math.round(sec % 60) + " s";
  return Math.floor(sec / 3600) + " h " + Math.round((sec % 3600) / 60) + " min";
}

export function plural(n, one, many) { return n + " " + (n === 1 ? one : many || one + "s"); }

// Announces a result to screen readers and shows it briefly.
export function toast(text, isError) {
  const box = document.getElementById("toasts");
  const t = h("div", { class: "toast" + (isError ? " error" : ""), role: isError ? "alert" : "status" }, text);
  box.append(t);
  setTimeout(() => t.remove(), isError ? 8000 : 4000);
}

export async function copyText(text, button) {
  try {
    await navigator.clipboard.writeText(text);
    if (button) { const old = button.textContent; button.textContent = "Copied"; setTimeout(() => (button.textContent = old), 1500); }
  } catch {
    toast("Copying was not allowed by the browser: select the text and copy it yourself.", true);
  }
}

// Each cell names its column, so a phone can show a row as a card (see .table in app.css).
export function labelled(tr, cols) {
  [...tr.children].forEach((td, i) => { if (cols[i]) td.dataset.label = cols[i]; });
  return tr;
}
