// The case register, enhanced: filter by year, region, type and method, sort by any amount,
// totals that follow the filter; the filter and the sort live in the URL (?year=2021&sort=…).
// Without JavaScript the page is the full table, newest first.
(function () {
  "use strict";
  var form = document.querySelector("[data-register-filter]");
  var table = document.querySelector("[data-register]");
  if (!form || !table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var empty = document.querySelector("[data-register-empty]");
  var note = document.querySelector("[data-filter-note]");
  var FIELDS = ["year", "region", "type", "method"];
  var AMOUNTS = ["involved", "recovered", "fined"];
  var SCALE = 10000; // amounts are summed as integers of 0.0001 万元: no float drift
  var sort = { key: "", dir: "desc" };

  function units(text) {
    if (!text) { return null; }
    var parts = text.split(".");
    var frac = (parts[1] || "").slice(0, 4);
    while (frac.length < 4) { frac += "0"; }
    return parseInt(parts[0], 10) * SCALE + parseInt(frac, 10);
  }

  function format(value) {
    var whole = Math.floor(value / SCALE);
    var frac = String(value % SCALE);
    while (frac.length < 4) { frac = "0" + frac; }
    frac = frac.replace(/0+$/, "");
    while (frac.length < 2) { frac += "0"; }
    return whole + "." + frac;
  }

  function amount(row, key) {
    return units(row.querySelector('[data-amount="' + key + '"]').getAttribute("data-value"));
  }

  function chosen() {
    var values = {};
    FIELDS.forEach(function (name) { values[name] = form.elements[name].value; });
    return values;
  }

  function matches(row, values) {
    return (!values.year || row.getAttribute("data-year") === values.year) &&
      (!values.region || row.getAttribute("data-region") === values.region) &&
      (!values.type || row.getAttribute("data-type") === values.type) &&
      (!values.method || row.getAttribute("data-methods").split("|").indexOf(values.method) >= 0);
  }

  function apply() {
    var values = chosen();
    var shown = rows.filter(function (row) {
      var keep = matches(row, values);
      row.hidden = !keep;
      return keep;
    });
    var order = rows.slice();
    if (sort.key) {
      order.sort(function (a, b) {
        var x = amount(a, sort.key);
        var y = amount(b, sort.key);
        if (x === null && y === null) { return a.dataset.order - b.dataset.order; }
        if (x === null) { return 1; }   // cases without the amount always last
        if (y === null) { return -1; }
        return (sort.dir === "asc" ? x - y : y - x) || a.dataset.order - b.dataset.order;
      });
    } else {
      order.sort(function (a, b) { return a.dataset.order - b.dataset.order; });
    }
    order.forEach(function (row) { body.appendChild(row); });
    document.querySelectorAll('[data-total="count"]').forEach(function (el) {
      el.textContent = String(shown.length);
    });
    AMOUNTS.forEach(function (key) {
      var sum = shown.reduce(function (acc, row) { return acc + (amount(row, key) || 0); }, 0);
      document.querySelectorAll('[data-total="' + key + '"]').forEach(function (el) {
        el.textContent = format(sum);
      });
    });
    var active = FIELDS.filter(function (name) { return values[name]; }).map(function (name) {
      var select = form.elements[name];
      return select.options[select.selectedIndex].text;
    });
    note.textContent = active.length ? "（筛选：" + active.join("、") + "）" : "";
    empty.hidden = shown.length > 0;
    table.querySelectorAll("th[data-sort]").forEach(function (th) {
      var key = th.getAttribute("data-sort");
      th.setAttribute("aria-sort", key === sort.key ? (sort.dir === "asc" ? "ascending" : "descending") : "none");
    });
    var params = new URLSearchParams();
    FIELDS.forEach(function (name) { if (values[name]) { params.set(name, values[name]); } });
    if (sort.key) { params.set("sort", sort.key + "-" + sort.dir); }
    var query = params.toString();
    try {
      history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
    } catch (e) { /* some file:// setups refuse; the filter still works */ }
  }

  // sort buttons inside the amount headers
  table.querySelectorAll("th[data-sort]").forEach(function (th) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "sort-button";
    button.textContent = th.textContent;
    button.setAttribute("aria-label", "按" + th.textContent + "金额排序");
    th.textContent = "";
    th.appendChild(button);
    button.addEventListener("click", function () {
      var key = th.getAttribute("data-sort");
      sort = { key: key, dir: sort.key === key && sort.dir === "desc" ? "asc" : "desc" };
      apply();
    });
  });

  // the filter and the sort from the URL
  var params = new URLSearchParams(window.location.search);
  FIELDS.forEach(function (name) {
    var value = params.get(name) || "";
    var select = form.elements[name];
    var known = Array.prototype.some.call(select.options, function (o) { return o.value === value; });
    select.value = known ? value : "";
  });
  var wanted = /^(involved|recovered|fined)-(asc|desc)$/.exec(params.get("sort") || "");
  if (wanted) { sort = { key: wanted[1], dir: wanted[2] }; }

  form.hidden = false;
  form.addEventListener("change", apply);
  form.addEventListener("reset", function () { window.setTimeout(apply, 0); });
  form.addEventListener("submit", function (event) { event.preventDefault(); apply(); });
  apply();
})();
