// The console's shell: sign-in gate, header, navigation, and the address-bar router.
import { h, icon, toast } from "./dom.js";
import { session, resume, signOut, whenSignedOut, probeScopes, shareWithWorker } from "./api.js";
import { renderSignIn } from "./signin.js";
import { renderBrowse } from "./browse.js";
import { renderTree, refreshTree } from "./tree.js";
import { uploadPanel } from "./upload.js";

const root = document.getElementById("root");
let cleanup = null;
let main = null;

export function navigate(path, replace) {
  if (location.pathname + location.search !== path) history[replace ? "replaceState" : "pushState"]({}, "", path);
  route();
}
window.addEventListener("popstate", () => route());
export { refreshTree };

function link(href, label, iconName) {
  return h("a", { href, class: "nav-link", onclick: (e) => { if (!e.ctrlKey && !e.metaKey) { e.preventDefault(); navigate(href); closeNav(); } } }, icon(iconName), h("span", {}, label));
}

function closeNav() { document.body.classList.remove("nav-open"); }

function shell() {
  const q = h("input", { type: "search", id: "search", name: "q", placeholder: "Search", "aria-label": "Search files", value: new URLSearchParams(location.search).get("q") || "" });
  // Where to search: the folder on screen (its own files; the API filters one folder, not a
  // subtree) or the whole store. A change re-runs the search on screen.
  const scope = h("select", { id: "search-scope", "aria-label": "Search in", onchange: () => {
    if (!/^\/app(\/folder\/[^/]+)?\/?$/.test(location.pathname) || !location.search) return;
    const p = new URLSearchParams(location.search);
    if (scope.value === "all") p.set("in", "all"); else p.delete("in");
    navigate(location.pathname + "?" + p, true);
  } }, h("option", { value: "folder" }, "This folder"), h("option", { value: "all" }, "Everywhere"));
  const here = () => { const m = location.pathname.match(/^\/app\/folder\/([^/]+)$/); return m ? "/app/folder/" + m[1] : "/app/"; };
  const nav = h("nav", { id: "sidebar", "aria-label": "Console" },
    h("div", { id: "tree" }),
    link("/app/shares", "Shares", "share"),
    session.scopes.keys && link("/app/admin/keys", "API keys", "key"),
    session.scopes.users && link("/app/admin/users", "Users", "users"),
  );
  main = h("main", { id: "main", tabindex: "-1" });
  root.replaceChildren(
    h("header", { class: "top" },
      h("button", { class: "icon-btn menu", type: "button", "aria-label": "Show navigation", onclick: () => document.body.classList.toggle("nav-open") }, icon("menu")),
      h("a", { class: "brand", href: "/app/", onclick: (e) => { e.preventDefault(); navigate("/app/"); } }, h("span", { class: "logo", "aria-hidden": "true" }), "Asset Store"),
      h("form", { class: "search", role: "search", onsubmit: (e) => {
        e.preventDefault();
        const p = new URLSearchParams();
        if (q.value.trim()) p.set("q", q.value.trim());
        if (p.size && scope.value === "all") p.set("in", "all");
        navigate(here() + (p.size ? "?" + p : ""));
      } }, icon("search"), q, scope),
      h("div", { class: "who" }, h("span", { class: "user", title: "Signed in" }, session.user), h("button", { type: "button", class: "btn ghost", onclick: () => signOut(true) }, "Sign out")),
    ),
    h("div", { class: "body" }, nav, h("div", { class: "scrim", onclick: closeNav }), main),
    uploadPanel(),
  );
  renderTree(document.getElementById("tree"));
}

async function route() {
  if (!main) return;
  cleanup?.();
  cleanup = null;
  let p = location.pathname.replace(/\/+$/, "");
  // An admin page this principal may not see (e.g. a new sign-in in the same tab): Files instead.
  if ((p === "/app/admin/keys" && !session.scopes.keys) || (p === "/app/admin/users" && !session.scopes.users)) {
    history.replaceState({}, "", "/app/");
    p = "/app";
  }
  const params = new URLSearchParams(location.search);
  let m;
  for (const a of document.querySelectorAll(".nav-link")) {
    const here = a.getAttribute("href").replace(/\/+$/, "");
    a.toggleAttribute("aria-current", here === p || (here === "/app" && /^\/app(\/folder|\/asset|$)/.test(p)));
  }
  if (p === "/app/shares") cleanup = (await import("./shares.js")).renderShares(main);
  else if (p === "/app/admin/keys") cleanup = (await import("./admin-keys.js")).renderKeys(main);
  else if (p === "/app/admin/users") cleanup = (await import("./admin-users.js")).renderUsers(main);
  else if ((m = p.match(/^\/app\/folder\/([^/]+)$/))) cleanup = renderBrowse(main, { folder: decodeURIComponent(m[1]), params });
  else if ((m = p.match(/^\/app\/asset\/([^/]+)$/))) cleanup = renderBrowse(main, { asset: decodeURIComponent(m[1]), params });
  else cleanup = renderBrowse(main, { folder: null, params });
  const s = document.getElementById("search");
  if (s && document.activeElement !== s) s.value = params.get("q") || "";
  const sc = document.getElementById("search-scope");
  if (sc) sc.value = params.get("in") === "all" ? "all" : "folder";
}

async function start() {
  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register("/app/sw.js", { scope: "/app/" }).catch(() => {});
  }
  document.addEventListener("download-error", (e) => toast("Download failed: " + e.detail, true));
  whenSignedOut(() => { main = null; cleanup?.(); cleanup = null; gate(); });
  if (await resume()) return enter();
  gate();
}

function gate() {
  renderSignIn(root, enter);
}

async function enter() {
  await probeScopes();
  await Promise.race([shareWithWorker(), new Promise((r) => setTimeout(r, 1500))]).catch(() => {});
  shell();
  route();
}

start();
