/* Results page in the static export: filter and sort the full table in the browser (on the live
   site the server does it, enhanced with htmx). The order rules are those of
   layakanak/portal/results_data.py:apply_filters. Filters in the address (?provinsi=64&predikat=
   madya&q=...&urut=-score) are applied on load and kept in the address, so a view can be shared. */
(function () {
  "use strict";
  var ASCENDING_FIRST = { name: true, province: true };

  function text(a, b) { return a < b ? -1 : a > b ? 1 : 0; }

  function byName(a, b) {
    return text(a.dataset.short, b.dataset.short) || text(a.dataset.type, b.dataset.type) ||
      text(a.dataset.code, b.dataset.code);
  }

  function provinceName(row) {
    if (row._province === undefined) { row._province = row.cells[1].textContent.trim().toLowerCase(); }
    return row._province;
  }

  function regionName(row) {
    if (row._name === undefined) { row._name = row.cells[0].querySelector("a").textContent.trim().toLowerCase(); }
    return row._name;
  }

  function score(row) { return row.dataset.score === "" ? null : parseFloat(row.dataset.score); }

  function comparator(sort) {
    var descending = sort.charAt(0) === "-";
    var key = sort.replace(/^-/, "");
    var sign = descending ? -1 : 1;
    if (key === "name") {
      return function (a, b) { return sign * byName(a, b); };
    }
    if (key === "province") {
      return function (a, b) {
        return sign * text(provinceName(a), provinceName(b)) || byName(a, b);
      };
    }
    if (key === "score") {
      return function (a, b) {
        var x = score(a), y = score(b);
        if (x === null || y === null) { return (x === null) - (y === null) || byName(a, b); }
        return sign * (x - y) || byName(a, b);
      };
    }
    return function (a, b) {
      var x = score(a), y = score(b);
      return sign * (parseInt(a.dataset.rank, 10) - parseInt(b.dataset.rank, 10)) ||
        ((y === null ? -1 : y) - (x === null ? -1 : x)) || byName(a, b);
    };
  }

  function init(form) {
    var table = document.getElementById("results-table");
    if (!table) { return; }
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var count = document.getElementById("results-count");
    var empty = document.querySelector(".results-empty");
    var template = form.getAttribute("data-count-template") || "__SHOWN__ / __TOTAL__";
    var fields = form.elements;
    var timer = null;
    var applied = null;
    var sorted = null;

    function apply(updateAddress) {
      var province = fields.provinsi.value;
      var predicate = fields.predikat.value;
      var needle = fields.q.value.trim().toLowerCase();
      var sort = fields.urut.value || "-predicate";
      var state = [province, predicate, needle, sort].join("\u0000");
      // A search field fires "change" when it loses focus, e.g. on a click on a region link:
      // doing nothing then keeps the link where the click lands.
      if (state === applied) { return; }
      applied = state;
      var shown = 0;
      rows.forEach(function (row) {
        var match = (!province || row.dataset.province === province) &&
          (!predicate || row.dataset.predicate === predicate) &&
          (!needle || regionName(row).indexOf(needle) !== -1 || row.dataset.code.indexOf(needle) === 0);
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      if (sort !== sorted) {
        rows.slice().sort(comparator(sort)).forEach(function (row) { tbody.appendChild(row); });
        sorted = sort;
      }
      var key = sort.replace(/^-/, "");
      Array.prototype.forEach.call(table.querySelectorAll("thead th"), function (th) {
        var link = th.querySelector(".sort-link");
        var mark = th.querySelector(".sort-state");
        if (link && link.dataset.sort === key) {
          th.setAttribute("aria-sort", sort.charAt(0) === "-" ? "descending" : "ascending");
          if (mark) { mark.textContent = sort.charAt(0) === "-" ? " ▼" : " ▲"; }
        } else {
          th.removeAttribute("aria-sort");
          if (mark) { mark.textContent = ""; }
        }
      });
      if (count) {
        count.textContent = template.replace("__SHOWN__", String(shown)).replace("__TOTAL__", String(rows.length));
      }
      if (empty) { empty.hidden = shown !== 0; }
      if (updateAddress && window.history && window.history.replaceState) {
        var params = new URLSearchParams();
        if (province) { params.set("provinsi", province); }
        if (predicate) { params.set("predikat", predicate); }
        if (needle) { params.set("q", fields.q.value.trim()); }
        if (sort !== "-predicate") { params.set("urut", sort); }
        var query = params.toString();
        window.history.replaceState(null, "", window.location.pathname + (query ? "?" + query : ""));
      }
    }

    function choose(select, value) {
      if (!value) { return; }
      Array.prototype.forEach.call(select.options, function (option) {
        if (option.value === value) { select.value = value; }
      });
    }

    var params = new URLSearchParams(window.location.search);
    choose(fields.provinsi, params.get("provinsi"));
    choose(fields.predikat, params.get("predikat"));
    choose(fields.urut, params.get("urut"));
    if (params.get("q")) { fields.q.value = params.get("q"); }

    form.addEventListener("submit", function (event) { event.preventDefault(); apply(true); });
    form.addEventListener("change", function () { apply(true); });
    fields.q.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { apply(true); }, 250);
    });
    Array.prototype.forEach.call(table.querySelectorAll(".sort-link"), function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        var key = link.dataset.sort;
        var current = fields.urut.value;
        var next;
        if (current === key) { next = "-" + key; }
        else if (current === "-" + key) { next = key; }
        else { next = ASCENDING_FIRST[key] ? key : "-" + key; }
        choose(fields.urut, next);
        apply(true);
      });
    });
    var clear = form.querySelector("a.button-secondary");
    if (clear) { clear.hidden = true; }
    form.classList.add("is-enhanced");
    apply(false);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector("form[data-static-filter]");
    if (form) { init(form); }
  });
})();
