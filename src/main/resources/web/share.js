// The share page: redeem the token from the URL, then browse and download with the short-lived
// access token. No third-party code; the token never leaves this origin (no referrer is sent).
(function () {
  "use strict";
  var token = decodeURIComponent(location.pathname.replace(/^\/s\//, "").replace(/\/$/, ""));
  var $ = function (id) { return document.getElementById(id); };
  var access = null;
  var trail = [];

  function status(text, isError) {
    var s = $("status");
    s.textContent = text;
    s.className = isError ? "error" : "";
    s.hidden = !text;
  }

  function api(path) {
    return fetch(path, { headers: { "Authorization": "Bearer " + access } }).then(function (r) {
      if (r.status === 401) { throw new Error("This link is no longer valid. Open it again from its address."); }
      if (r.status === 410) { return r.json().catch(function () { return {}; }).then(function (j) { throw new Error(gone(j)); }); }
      if (!r.ok) { throw new Error("Something went wrong (" + r.status + ")."); }
      return r.json();
    });
  }

  // 410 means expired or used up; the server's detail tells which.
  function gone(body) {
    var d = (body && typeof body.detail === "string") ? body.detail : "";
    if (/expired/i.test(d)) { return "This link has expired."; }
    if (/used up/i.test(d)) { return "This link's downloads are used up."; }
    return "This link has expired or its downloads are used up.";
  }

  function downloadUrl(path) {
    return path + (path.indexOf("?") < 0 ? "?" : "&") + "access_token=" + encodeURIComponent(access);
  }

  function redeem(password, email) {
    var body = { token: token };
    if (password) { body.password = password; }
    if (email) { body.email = email; }
    return fetch("/api/share/get_access", {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body)
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        return { status: r.status, body: j, retry: r.headers.get("Retry-After") };
      });
    });
  }

  // Shows one field of the unlock form, clears a refused value and puts the cursor there.
  function ask(rowId, inputId, wasRefused) {
    $("unlock").hidden = false;
    $(rowId).hidden = false;
    var input = $(inputId);
    input.required = true;
    if (wasRefused) { input.value = ""; }
    input.setAttribute("aria-invalid", wasRefused ? "true" : "false");
    input.focus();
  }

  function open(password, email) {
    status("Opening the link…");
    $("open").disabled = true;
    redeem(password, email).then(function (r) {
      $("open").disabled = false;
      if (r.status === 200) { return show(r.body); }
      if (r.status === 401) {
        ask("password-row", "password", !!password);
        status(password ? "That password is not right. Try again." : "This link is protected by a password.", !!password);
      } else if (r.status === 403) {
        ask("email-row", "email", !!email);
        status(email ? "That email address is not on the list for this link." : "This link is for named recipients. Enter your email address.", !!email);
      } else {
        $("unlock").hidden = true;
        if (r.status === 429) {
          var seconds = parseInt(r.retry || "", 10);
          var minutes = Math.max(1, Math.ceil((isNaN(seconds) ? 900 : seconds) / 60));
          status("Too many attempts. Try again in about " + minutes + (minutes === 1 ? " minute." : " minutes."), true);
        } else if (r.status === 410) {
          status(gone(r.body), true);
        } else if (r.status === 404) {
          status("This link does not exist or was revoked.", true);
        } else {
          status("Something went wrong (" + r.status + "). Try again later.", true);
        }
      }
    }).catch(function () {
      $("open").disabled = false;
      status("The server could not be reached.", true);
    });
  }

  function show(grant) {
    access = grant.access_token;
    var share = grant.share;
    $("unlock").hidden = true;
    $("title").textContent = share.name || (share.asset ? share.asset.name : share.folder.name);
    if (share.message) { $("message").textContent = share.message; $("message").hidden = false; }
    $("content").hidden = false;
    status("");
    if (share.asset) {
      $("items").replaceChildren(row(share.asset));
      // One file: say plainly how to get it, next to the title.
      var one = $("download-one");
      one.href = downloadUrl(share.asset.download_url);
      one.setAttribute("download", share.asset.name);
      one.textContent = "Download (" + human(share.asset.size) + ")";
      one.hidden = false;
    } else {
      trail = [{ id: share.folder.id, name: share.folder.name }];
      browse(null);
    }
  }

  // A tile: the preview (or the file's type when there is none), the name as the link, the size.
  function row(item) {
    var li = document.createElement("li");
    var thumb = document.createElement("div");
    thumb.className = "thumb";
    thumb.appendChild(item.type === "folder" ? badge(item) : picture(item));
    li.appendChild(thumb);
    var a = document.createElement("a");
    a.textContent = item.name + (item.type === "folder" ? "/" : "");
    if (item.type === "folder") {
      a.href = "#"; a.className = "folder";
      a.addEventListener("click", function (e) { e.preventDefault(); trail.push({ id: item.id, name: item.name }); browse(null); });
    } else {
      a.href = downloadUrl(item.download_url); a.className = "file"; a.setAttribute("download", item.name);
    }
    li.appendChild(a);
    // The whole tile answers a click, through its one link (keyboard users reach the link).
    li.addEventListener("click", function (e) { if (e.target !== a) { a.click(); } });
    var size = document.createElement("span");
    size.className = "size";
    size.textContent = item.type === "asset" ? human(item.size) : "Folder";
    li.appendChild(size);
    return li;
  }

  var PREVIEWABLE = /^(image\/(jpeg|png|gif|webp|bmp|tiff)|application\/pdf)$/;
  function picture(item) {
    if (!PREVIEWABLE.test(item.content_type || "")) { return badge(item); }
    var img = document.createElement("img");
    img.alt = "";
    img.loading = "lazy";
    img.src = downloadUrl("/api/share/access/preview?id=" + encodeURIComponent(item.id) + "&w=320&h=240&fit=cover");
    // No preview (404, a busy server, an old server): the file's type instead.
    img.addEventListener("error", function () { img.replaceWith(badge(item)); });
    return img;
  }

  function badge(item) {
    var b = document.createElement("span");
    b.setAttribute("aria-hidden", "true");
    if (item.type === "folder") { b.className = "badge folder"; return b; }
    var m = /\.([A-Za-z0-9]{1,5})$/.exec(item.name);
    b.className = "badge";
    b.textContent = m ? m[1].toUpperCase() : "FILE";
    return b;
  }

  function human(n) {
    var u = ["B", "KB", "MB", "GB", "TB"]; var i = 0;
    while (n >= 1024 && i < u.length - 1) { n /= 1024; i++; }
    return (i ? n.toFixed(1) : n) + " " + u[i];
  }

  function crumbs() {
    var nav = $("crumbs"); nav.replaceChildren();
    trail.forEach(function (c, i) {
      if (i === trail.length - 1) {
        // Where the visitor is now: text, not a link.
        var here = document.createElement("span"); here.textContent = c.name + " /";
        here.setAttribute("aria-current", "location");
        nav.appendChild(here);
        return;
      }
      var a = document.createElement("a"); a.href = "#"; a.textContent = c.name + " /";
      a.addEventListener("click", function (e) { e.preventDefault(); trail = trail.slice(0, i + 1); browse(null); });
      nav.appendChild(a);
    });
  }

  function browse(cursor) {
    var here = trail[trail.length - 1];
    crumbs();
    var all = $("download-all");
    all.href = downloadUrl("/api/share/access/folder/" + encodeURIComponent(here.id) + "/download");
    all.textContent = trail.length > 1 ? "Download this folder (ZIP)" : "Download everything (ZIP)";
    all.hidden = false;
    var q = "/api/share/access/items?folder=" + encodeURIComponent(here.id) + (cursor ? "&cursor=" + encodeURIComponent(cursor) : "");
    api(q).then(function (page) {
      var list = $("items");
      if (!cursor) { list.replaceChildren(); }
      page.items.forEach(function (it) { list.appendChild(row(it)); });
      var more = $("more");
      more.hidden = !page.next_page;
      more.onclick = function () { browse(page.next_cursor); };
    }).catch(function (e) { status(e.message, true); });
  }

  $("unlock").addEventListener("submit", function (e) {
    e.preventDefault();
    open($("password").value, $("email").value);
  });
  open(null, null);
})();
