// Runs in <head> before the page is drawn: apply the reader's remembered 字号 and 适老化 mode.
(function () {
  "use strict";
  var html = document.documentElement;
  html.classList.add("js");
  try {
    var size = window.localStorage.getItem("yb-size");
    if (size === "l" || size === "s") { html.classList.add("size-" + size); }
    if (window.localStorage.getItem("yb-elder") === "1") { html.classList.add("elder"); }
  } catch (e) { /* storage may be off: the default view */ }
})();
