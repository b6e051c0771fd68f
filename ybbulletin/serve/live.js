// ybbulletin serve: reload this page when a rebuild changed it (keeping the scroll
// position); show content errors over the page and 校对 warnings in a panel.
// Injected by the preview server into the pages it serves; never written to build/.
//
// A changed page is fetched and its body put in place of the shown one (a reload of the
// whole page costs the browser several times as much: stylesheet, scripts, layout from
// nothing). Only when that gives what a reload gives: the same stylesheets and head
// scripts, and no scripts but the site's own (prefs.js, in the head, set the <html>
// classes, which stay; site.js is run again on the new body); else, and when the site's
// stylesheet or scripts changed, the page is reloaded whole.
(function () {
  "use strict";
  var me = document.currentScript;
  var since = me ? me.getAttribute("data-generation") : "0";
  var LIVE = /\/__ybbulletin\/live\.js$/;
  var KEPT = /\/assets\/prefs\.js$/; // ran in the head on <html>, which stays
  var RERUN = /\/assets\/site\.js$/; // binds the body's controls: run on the new body
  var scrollKey = "ybbulletin-scroll:" + location.pathname;
  var panelKey = "ybbulletin-warnings-open";

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var y = parseFloat(saved) || 0;
    window.scrollTo(0, y);
    window.addEventListener("load", function () { window.scrollTo(0, y); });
  }

  function el(tag, style, text) {
    var node = document.createElement(tag);
    if (style) node.setAttribute("style", style);
    if (text !== undefined) node.textContent = text; // content text: never parsed as HTML
    return node;
  }

  function removeById(id) {
    var old = document.getElementById(id);
    if (old) old.parentNode.removeChild(old);
  }

  function overlay(state) {
    removeById("ybbulletin-overlay");
    var items = state.errors.slice();
    if (state.failure) items.push({ text: "内部错误（不是内容的问题）：\n" + state.failure });
    if (!items.length) return;
    var box = el("div", "position:fixed;inset:0;z-index:2147483646;background:rgba(20,20,20,.72);" +
      "overflow:auto;padding:4vh 4vw;font:15px/1.6 system-ui,sans-serif");
    box.id = "ybbulletin-overlay";
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-labelledby", "ybbulletin-overlay-title");
    var card = el("div", "background:#fff;color:#222;max-width:60em;margin:0 auto;padding:1.2em 1.5em;" +
      "border-top:6px solid #c00;border-radius:4px");
    var title = el("h2", "margin:0 0 .3em;font-size:1.2em;color:#c00",
      state.failure ? "生成预览时出现内部错误" : "内容有 " + state.errors.length + " 个错误");
    title.id = "ybbulletin-overlay-title";
    card.appendChild(title);
    card.appendChild(el("p", "margin:0 0 .8em;color:#555",
      "下面是“ybbulletin check”给出的信息；改正并保存后本提示自动消失。页面显示的是上一次成功生成的结果。"));
    var list = el("ol", "margin:0;padding-left:1.5em");
    list.className = "ybbulletin-errors";
    items.forEach(function (item) {
      var li = el("li", "margin:.4em 0;white-space:pre-wrap;font-family:ui-monospace,monospace");
      li.textContent = item.text;
      list.appendChild(li);
    });
    card.appendChild(list);
    var hide = el("button", "margin-top:1em", "暂时隐藏");
    hide.type = "button";
    hide.addEventListener("click", function () { removeById("ybbulletin-overlay"); });
    card.appendChild(hide);
    box.appendChild(card);
    document.body.appendChild(box);
  }

  function warnings(state) {
    removeById("ybbulletin-warnings");
    if (!state.warnings.length) return;
    var panel = el("details", "position:fixed;right:1em;bottom:1em;z-index:2147483645;max-width:40em;" +
      "max-height:50vh;overflow:auto;background:#fffbe6;color:#222;border:1px solid #e0c060;" +
      "border-radius:4px;padding:.4em .8em;font:14px/1.5 system-ui,sans-serif");
    panel.id = "ybbulletin-warnings";
    panel.appendChild(el("summary", "cursor:pointer", "校对提示 " + state.warnings.length + " 条"));
    // the list is laid out when the panel is opened: an archive may have thousands
    function fill() {
      if (!panel.open || panel.querySelector("ul")) return;
      var list = el("ul", "margin:.4em 0;padding-left:1.2em");
      state.warnings.forEach(function (item) {
        list.appendChild(el("li", "white-space:pre-wrap;margin:.3em 0", item.text));
      });
      panel.appendChild(list);
    }
    panel.addEventListener("toggle", function () {
      sessionStorage.setItem(panelKey, panel.open ? "1" : "0");
      fill();
    });
    if (sessionStorage.getItem(panelKey) === "1") panel.open = true;
    document.body.appendChild(panel);
    fill();
  }

  function badge(state) {
    removeById("ybbulletin-building");
    if (!state.building) return;
    var b = el("div", "position:fixed;left:1em;bottom:1em;z-index:2147483645;background:#333;color:#fff;" +
      "padding:.2em .7em;border-radius:3px;font:13px system-ui,sans-serif", "正在重新生成……");
    b.id = "ybbulletin-building";
    document.body.appendChild(b);
  }

  // PDF and Word links are made on the click. The site's links carry ``download``, so an
  // error page would be saved as the file: ask first (HEAD makes the file), then either
  // download it or open the error page, which says why there is no file.
  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[href]") : null;
    if (!link || link.dataset.ybbulletinChecked || !/\/files\/[^\/]+\.(pdf|docx)$/.test(link.pathname)) return;
    event.preventDefault();
    var busy = el("div", "position:fixed;left:1em;bottom:1em;z-index:2147483645;background:#333;color:#fff;" +
      "padding:.2em .7em;border-radius:3px;font:13px system-ui,sans-serif", "正在生成 " +
      link.pathname.split("/").pop() + "……");
    document.body.appendChild(busy);
    fetch(link.href, { method: "HEAD", cache: "no-store" }).then(function (response) {
      busy.parentNode.removeChild(busy);
      if (response.ok) {
        link.dataset.ybbulletinChecked = "1";
        link.click();
        delete link.dataset.ybbulletinChecked;
      } else {
        location.href = link.href;
      }
    }, function () {
      busy.parentNode.removeChild(busy);
      location.href = link.href;
    });
  });

  function reloadWhole() {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    location.reload();
  }

  function isResource(node) {
    return node.tagName === "SCRIPT" || (node.tagName === "LINK" && node.hasAttribute("href"));
  }

  // What the head loads: stylesheets, icons and scripts, in order.
  function headResources(doc) {
    return Array.prototype.filter.call(doc.head.children, isResource).map(function (node) {
      return node.tagName + " " + (node.getAttribute("rel") || "") + " " +
        (node.getAttribute("href") || node.getAttribute("src") || node.textContent);
    }).join("\n");
  }

  // The scripts to run again on the new body; null if the page has others (reload it whole).
  function rerun(doc) {
    var found = [];
    var scripts = doc.querySelectorAll("script");
    for (var i = 0; i < scripts.length; i++) {
      var src = scripts[i].getAttribute("src") || "";
      var url = src ? new URL(src, location.href).pathname : "";
      if (LIVE.test(url) || (KEPT.test(url) && doc.head.contains(scripts[i]))) continue;
      if (!RERUN.test(url)) return null;
      found.push(src);
    }
    return found;
  }

  function swap(text) {
    var doc = new DOMParser().parseFromString(text, "text/html");
    var scripts = rerun(doc);
    var tag = doc.querySelector('script[src$="/__ybbulletin/live.js"]');
    if (!scripts || !tag || headResources(doc) !== headResources(document)) return false;
    var x = window.scrollX, y = window.scrollY;
    // the head's other elements (title, meta) as the new page has them; its stylesheets
    // and scripts are the same ones, left as they are (not loaded again)
    var head = document.head;
    Array.prototype.slice.call(head.children).forEach(function (node) {
      if (!isResource(node)) head.removeChild(node);
    });
    Array.prototype.slice.call(doc.head.children).reverse().forEach(function (node) {
      if (!isResource(node)) head.insertBefore(document.adoptNode(node), head.firstChild);
    });
    // <html> stays (its classes: the reader's 字号 and 适老化, set by the site's scripts);
    // its other attributes as the new page has them
    var root = document.documentElement, fresh = doc.documentElement;
    Array.prototype.slice.call(root.attributes).forEach(function (attribute) {
      if (attribute.name !== "class" && !fresh.hasAttribute(attribute.name)) {
        root.removeAttribute(attribute.name);
      }
    });
    Array.prototype.forEach.call(fresh.attributes, function (attribute) {
      if (attribute.name !== "class") root.setAttribute(attribute.name, attribute.value);
    });
    // scripts of a parsed document never run: the new body's are added again below
    document.body.replaceWith(document.adoptNode(doc.body));
    window.scrollTo(x, y);
    scripts.forEach(function (src) {
      var script = document.createElement("script");
      script.src = src;
      document.body.appendChild(script);
    });
    listen(tag.getAttribute("data-generation") || "0"); // the page as served now
    return true;
  }

  function refresh() {
    fetch(location.href, { cache: "no-store", credentials: "same-origin" }).then(function (response) {
      var kind = response.headers.get("Content-Type") || "";
      if (!response.ok || kind.indexOf("text/html") !== 0) throw new Error("not a page");
      return response.text();
    }).then(function (text) {
      if (!swap(text)) reloadWhole();
    }).catch(reloadWhole);
  }

  var source = null;
  function listen(generation) {
    source = new EventSource("/__ybbulletin/events?since=" + encodeURIComponent(generation) +
      "&page=" + encodeURIComponent(location.pathname));
    source.addEventListener("state", function (event) {
      var state = JSON.parse(event.data);
      if (state.reload) {
        source.close();
        if (state.everything) reloadWhole(); // the stylesheet or a script changed
        else refresh();
        return;
      }
      overlay(state);
      if (state.warnings !== null) warnings(state); // null: as the page shows them
      badge(state);
    });
  }
  listen(since);
})();
