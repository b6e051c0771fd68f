// Progressive enhancement only: every page reads fully without JavaScript.
(function () {
  "use strict";
  // 打印本页: shown only where it can work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  // 字号 大/中/小 work through :target without JavaScript; here, without jumping the page.
  document.querySelectorAll('.font-size a[href^="#size-"]').forEach(function (link) {
    link.addEventListener("click", function (event) {
      event.preventDefault();
      var y = window.scrollY;
      history.replaceState(null, "", link.getAttribute("href"));
      var body = document.querySelector(".article-body");
      var sizes = { "#size-l": "21px", "#size-m": "18px", "#size-s": "15px" };
      if (body) { body.style.fontSize = sizes[link.getAttribute("href")]; }
      window.scrollTo(0, y);
    });
  });
})();
