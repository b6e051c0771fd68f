// Progressive enhancement only: every page reads fully without JavaScript.
(function () {
  "use strict";
  var html = document.documentElement;
  function save(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* not remembered */ }
  }
  // 打印本页: shown only where it can work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // The printed page names its address: the published one, or where it was opened from.
  document.querySelectorAll("[data-page-url]").forEach(function (span) {
    if (!/^https?:/.test(span.textContent)) { span.textContent = window.location.href.split("#")[0]; }
  });
  // 字号 大/中/小: links to :target without JavaScript; here buttons that are remembered.
  var sizes = Array.prototype.slice.call(document.querySelectorAll(".font-size [data-size]"));
  function showSize() {
    var current = html.classList.contains("size-l") ? "l" : html.classList.contains("size-s") ? "s" : "m";
    sizes.forEach(function (control) {
      control.setAttribute("aria-pressed", String(control.getAttribute("data-size") === current));
    });
  }
  sizes.forEach(function (control) {
    control.setAttribute("role", "button");
    control.addEventListener("click", function (event) {
      event.preventDefault();
      var size = control.getAttribute("data-size");
      html.classList.remove("size-l", "size-s");
      if (size !== "m") { html.classList.add("size-" + size); }
      save("yb-size", size);
      showSize();
    });
    control.addEventListener("keydown", function (event) {
      if (event.key === " ") { event.preventDefault(); control.click(); }
    });
  });
  showSize();
  // 适老化模式: larger text, higher contrast, bigger targets, on every page once chosen.
  document.querySelectorAll("[data-elder]").forEach(function (button) {
    button.hidden = false;
    button.setAttribute("aria-pressed", String(html.classList.contains("elder")));
    button.addEventListener("click", function () {
      var on = !html.classList.contains("elder");
      html.classList.toggle("elder", on);
      save("yb-elder", on ? "1" : "0");
      button.setAttribute("aria-pressed", String(on));
    });
  });
})();
