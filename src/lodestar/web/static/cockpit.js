/* Lodestar cockpit: progressive enhancement only. Every page works without this file.
   Theme toggle, charts (Chart.js, shipped with the package), (the radar page has its own radar.js),
   sortable tables. No inline scripts anywhere: the CSP forbids them. */
(function () {
  "use strict";

  var root = document.documentElement;
  var THEME_KEY = "lodestar-theme";

  function storedTheme() {
    try { return window.localStorage.getItem(THEME_KEY); } catch (e) { return null; }
  }
  function applyTheme(theme) {
    if (theme === "light" || theme === "dark") { root.setAttribute("data-theme", theme); }
    else { root.removeAttribute("data-theme"); }
  }
  function currentTheme() {
    var set = root.getAttribute("data-theme");
    if (set) { return set; }
    return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }
  applyTheme(storedTheme());

  function initTheme() {
    var button = document.getElementById("theme-toggle");
    if (!button) { return; }
    button.hidden = false;
    button.setAttribute("aria-pressed", currentTheme() === "dark" ? "true" : "false");
    button.addEventListener("click", function () {
      var next = currentTheme() === "dark" ? "light" : "dark";
      applyTheme(next);
      try { window.localStorage.setItem(THEME_KEY, next); } catch (e) { /* file:// may refuse */ }
      button.setAttribute("aria-pressed", next === "dark" ? "true" : "false");
      drawCharts();
    });
  }

  /* --- charts ------------------------------------------------------------------------------ */
  var charts = [];
  function cssVar(name, fallback) {
    var value = getComputedStyle(root).getPropertyValue(name).trim();
    return value || fallback;
  }
  function chartConfig(spec) {
    var palette = [1, 2, 3, 4, 5, 6].map(function (i) { return cssVar("--chart-" + i, "#2a62b8"); });
    var fg = cssVar("--fg", "#1f2933");
    var grid = cssVar("--grid", "#d8dde3");
    var horizontal = spec.kind === "hbar";
    var type = spec.kind === "line" ? "line" : "bar";
    var datasets = spec.series.map(function (s, i) {
      var colour = s.style === "projection" ? cssVar("--muted", "#6b7480") : palette[i % palette.length];
      return {
        label: s.label, data: s.values, backgroundColor: colour, borderColor: colour,
        borderDash: s.style === "projection" ? [6, 4] : [], spanGaps: false, tension: 0,
        pointRadius: type === "line" ? 2 : undefined
      };
    });
    return {
      type: type,
      data: { labels: spec.labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { display: spec.series.length > 1, labels: { color: fg } } },
        scales: {
          x: { ticks: { color: fg }, grid: { color: grid }, title: { display: !!spec.x_title, text: spec.x_title, color: fg } },
          y: { ticks: { color: fg }, grid: { color: grid }, beginAtZero: true, title: { display: !!spec.y_title, text: spec.y_title, color: fg } }
        }
      }
    };
  }
  function drawCharts() {
    if (typeof window.Chart !== "function") { return; }
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var data = document.getElementById("chart-" + canvas.getAttribute("data-chart"));
      if (!data) { return; }
      var spec;
      try { spec = JSON.parse(data.textContent); } catch (e) { return; }
      charts.push(new window.Chart(canvas, chartConfig(spec)));
      canvas.closest("figure").classList.add("drawn");
    });
  }

  /* --- sortable tables ---------------------------------------------------------------------- */
  function cellValue(row, index) {
    var cell = row.children[index];
    if (!cell) { return ""; }
    return cell.getAttribute("data-value") || cell.textContent.trim();
  }
  function initSortable() {
    document.querySelectorAll("table.sortable").forEach(function (table) {
      var body = table.tBodies[0];
      if (!body) { return; }
      table.querySelectorAll("thead th").forEach(function (th, index) {
        var numeric = th.getAttribute("data-sort") === "number";
        var label = th.textContent.trim();
        var button = document.createElement("button");
        button.type = "button";
        button.className = "sort";
        button.textContent = label;
        th.textContent = "";
        th.appendChild(button);
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          table.querySelectorAll("thead th").forEach(function (other) { other.removeAttribute("aria-sort"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (a, b) {
            var x = cellValue(a, index), y = cellValue(b, index), r;
            if (numeric) { r = (parseFloat(x.replace(/,/g, "")) || 0) - (parseFloat(y.replace(/,/g, "")) || 0); }
            else { r = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" }); }
            return ascending ? r : -r;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }

  /* --- vulnerabilities: the filter form also filters the rows in place (the static site has no
     server to ask: its form reloads the page with the query, read here) -------------------- */
  function initVulnFilters() {
    var form = document.getElementById("vuln-filters");
    if (!form) { return; }
    var names = ["severity", "status", "repository", "team"];
    var attributes = ["band", "status", "repository", "team"];
    var query = new URLSearchParams(window.location.search);
    var selects = names.map(function (name) { return form.elements.namedItem(name); });
    selects.forEach(function (select, i) {
      var wanted = query.get(names[i]);
      if (wanted && Array.prototype.some.call(select.options, function (o) { return o.value === wanted; })) {
        select.value = wanted;
      }
    });
    var rows = Array.prototype.slice.call(document.querySelectorAll("#vulnerabilities tbody tr"));
    var spans = Array.prototype.slice.call(document.querySelectorAll("#exposure-history tbody tr"));
    var count = document.getElementById("vuln-count");
    var RANKS = { critical: 4, high: 3, medium: 2, low: 1, none: 0 };  /* records.vulns.band_rank */
    function rank(band) { return band in RANKS ? RANKS[band] : 2; }  /* unknown: as medium */
    function keep(row) {
      return selects.every(function (select, i) {
        var value = row.getAttribute("data-" + attributes[i]);
        if (!select.value || value === null) { return true; }
        if (names[i] === "severity") { return rank(value) >= rank(select.value); }
        if (names[i] === "team") { return value.toLowerCase() === select.value.toLowerCase(); }
        return value === select.value;
      });
    }
    function apply() {
      var shown = 0;
      rows.forEach(function (r) { r.hidden = !keep(r); if (!r.hidden) { shown += 1; } });
      spans.forEach(function (r) { r.hidden = !keep(r); });
      if (count) { count.textContent = shown + " of " + rows.length + " shown"; }
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    initTheme();
    initVulnFilters();
    initSortable();
    drawCharts();
  });
})();
