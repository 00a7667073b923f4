/* Lodestar cockpit: progressive enhancement only. Every page works without this file.
   Theme toggle, charts (Chart.js, shipped with the package), (the radar page has its own radar.js),
   sortable tables. No inline scripts anywhere: the CSP forbids them. */
(function () {
  "use strict";

  var root = document.documentElement;
  var THEME_KEY = "lodestar-theme";
  root.classList.add("js");  /* the CSS folds the navigation and turns table.cards into cards only then */

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

  /* --- phone and keyboard: the folding navigation, tables in their own scroll box, cards ------- */
  function initMenu() {
    var button = document.getElementById("menu-toggle");
    var nav = document.getElementById("sections");
    if (!button || !nav) { return; }
    function open(state) {
      nav.setAttribute("data-open", state ? "true" : "false");
      button.setAttribute("aria-expanded", state ? "true" : "false");
    }
    button.hidden = false;
    open(false);
    button.addEventListener("click", function () { open(nav.getAttribute("data-open") !== "true"); });
    nav.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && nav.getAttribute("data-open") === "true" && getComputedStyle(button).display !== "none") {
        open(false);
        button.focus();
      }
    });
  }

  function textOf(el) { return el ? el.textContent.replace(/\s+/g, " ").trim() : ""; }
  function precedingHeading(el) {
    var found = null;
    document.querySelectorAll("main h1, main h2, main h3, main h4, main figcaption, main summary").forEach(function (h) {
      if (h.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING && !h.contains(el)) { found = h; }
    });
    return found;
  }
  function tableName(table) {
    if (table.caption && textOf(table.caption)) { return textOf(table.caption); }
    if (table.getAttribute("aria-label")) { return table.getAttribute("aria-label"); }
    var figure = table.closest("figure");
    if (figure && figure.querySelector("figcaption")) { return textOf(figure.querySelector("figcaption")) + ": data"; }
    return textOf(precedingHeading(table)) || "Table";
  }
  /* A box that overflows is a labelled region in the tab order (keyboard users scroll it with the
     arrow keys); one that fits is neither, so it adds no tab stop. Its name: data-region-label
     (the scroll_box macro), else its table's caption, figure or preceding heading. */
  function fitBox(box) {
    if (!box.hasAttribute("data-region-label")) {
      var table = box.querySelector("table");
      box.setAttribute("data-region-label", (table ? tableName(table) : textOf(precedingHeading(box)) || "Text") + " (scrolls sideways)");
    }
    /* a box in a closed <details> is not drawn (its widths mean nothing) and cannot be reached:
       it is measured again when the details opens (the toggle listener below) */
    var folded = box.closest("details:not([open])");
    if (!folded && box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      box.setAttribute("aria-label", box.getAttribute("data-region-label"));
    } else {
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
      box.removeAttribute("aria-label");
    }
  }
  function initScrollBoxes() {
    var main = document.querySelector("main");
    if (!main) { return; }
    var resized = typeof window.ResizeObserver === "function" ? new window.ResizeObserver(fitAll) : null;
    function boxes() { return main.querySelectorAll(".table-scroll, .table-wrap, pre"); }
    function fitAll() { Array.prototype.forEach.call(boxes(), fitBox); }
    function wrapTables() {  /* also the tables a script adds later (the static who-uses search) */
      main.querySelectorAll("table").forEach(function (table) {
        if (table.closest(".table-scroll, .table-wrap")) { return; }
        var box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      });
      Array.prototype.forEach.call(boxes(), function (box) {
        if (resized && !box.hasAttribute("data-fit")) { box.setAttribute("data-fit", ""); resized.observe(box); }
      });
      fitAll();
    }
    wrapTables();
    if (typeof window.MutationObserver === "function") {
      new window.MutationObserver(function (changes) {
        if (changes.some(function (c) { return c.addedNodes.length; })) { wrapTables(); }
      }).observe(main, { childList: true, subtree: true });
    }
    window.addEventListener("resize", fitAll);
    document.addEventListener("toggle", fitAll, true);  /* a chart's data table opened */
  }
  function initCards() {
    document.querySelectorAll("table.cards").forEach(function (table) {
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), textOf);
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          Array.prototype.forEach.call(row.cells, function (cell, i) {
            if (heads[i] && !cell.hasAttribute("data-label")) { cell.setAttribute("data-label", heads[i]); }
            if (!textOf(cell) && !cell.querySelector("img, svg, progress")) { cell.setAttribute("data-empty", ""); }
          });
        });
      });
    });
  }

  /* --- charts ------------------------------------------------------------------------------ */
  var charts = [];
  function cssVar(name, fallback) {
    var value = getComputedStyle(root).getPropertyValue(name).trim();
    return value || fallback;
  }
  /* "1 repository", "2 repositories": the series label is the plural noun */
  function counted(value, noun) {
    var text = Number.isInteger(value) ? value.toLocaleString("en") : String(value);
    if (value !== 1 || !noun) { return text + (noun ? " " + noun : ""); }
    var one = /ies$/.test(noun) ? noun.replace(/ies$/, "y") : /(ches|shes|sses|xes)$/.test(noun) ? noun.replace(/es$/, "") : noun.replace(/s$/, "");
    return text + " " + one;
  }
  var LABEL_MAX = 28;  /* characters of an axis label; the tooltip shows all of it */
  function shortLabel(text) {
    text = String(text);
    return text.length > LABEL_MAX ? text.slice(0, LABEL_MAX - 1) + "\u2026" : text;
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
    var labels = spec.labels;
    /* the labels' axis: every label drawn (no auto-skip), long ones cut (full text on hover) */
    var category = {
      ticks: {
        color: fg, autoSkip: false, maxRotation: horizontal ? 0 : 60,
        callback: function (value) { return shortLabel(labels[value] === undefined ? value : labels[value]); }
      },
      grid: { color: grid }
    };
    /* the values' axis: counts are whole numbers, never "0.3 repositories" */
    var max = 0;
    spec.series.forEach(function (s) { s.values.forEach(function (v) { if (v !== null && v > max) { max = v; } }); });
    var amount = { ticks: { color: fg }, grid: { color: grid }, beginAtZero: true };
    if (spec.counts !== false) {
      amount.ticks.precision = 0;
      if (max < 10) { amount.ticks.stepSize = 1; amount.suggestedMax = Math.max(1, Math.ceil(max)); }
    }
    var x = horizontal ? amount : category;
    var y = horizontal ? category : amount;
    x.title = { display: !!spec.x_title, text: spec.x_title, color: fg };
    y.title = { display: !!spec.y_title, text: spec.y_title, color: fg };
    return {
      type: type,
      data: { labels: labels, datasets: datasets },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { display: spec.series.length > 1, labels: { color: fg } },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? String(labels[items[0].dataIndex]) : ""; },
              label: function (item) {
                var value = horizontal ? item.parsed.x : item.parsed.y;
                var noun = spec.series.length > 1 ? "" : item.dataset.label;
                return (spec.series.length > 1 ? item.dataset.label + ": " : "") + counted(value, noun);
              }
            }
          }
        },
        scales: { x: x, y: y }
      }
    };
  }
  /* a horizontal bar chart is as tall as its labels need: every one gets a readable row */
  var ROW_PX = 22;
  function sizeBox(canvas, spec) {
    if (spec.kind !== "hbar") { return; }
    var box = canvas.parentNode;
    box.style.height = Math.max(160, spec.labels.length * ROW_PX * Math.max(1, spec.series.length * 0.75) + 70) + "px";
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
      sizeBox(canvas, spec);
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

  /* --- findings: live, a changed filter asks the server (the list is paged there); in the static
     site (every finding is on the page, no server) the rows are filtered in place, the counts
     of each filter's values recomputed, and the query kept in the address ------------------- */
  var FACETS = ["severity", "rule", "repository", "owner", "team", "waived"];
  function initFindings() {
    var form = document.getElementById("finding-filters");
    if (!form) { return; }
    var live = document.body.getAttribute("data-static") !== "true";
    var selects = {};
    FACETS.forEach(function (name) { selects[name] = form.elements.namedItem(name); });
    var search = form.elements.namedItem("q");
    if (live) {
      FACETS.forEach(function (name) {
        if (selects[name]) { selects[name].addEventListener("change", function () { form.submit(); }); }
      });
      return;
    }
    var query = new URLSearchParams(window.location.search);
    FACETS.forEach(function (name) {
      var select = selects[name];
      if (!select) { return; }
      var wanted = query.get(name) || (name === "waived" ? "open" : "");
      Array.prototype.forEach.call(select.options, function (o) {
        if (o.value.toLowerCase() === wanted.toLowerCase()) { select.value = o.value; }
      });
    });
    if (search) { search.value = query.get("q") || ""; }
    var rows = Array.prototype.slice.call(document.querySelectorAll("li.finding"));
    var groups = Array.prototype.slice.call(document.querySelectorAll("details.finding-group"));
    var count = document.getElementById("finding-count");
    var none = document.getElementById("finding-none");
    function wanted(name) {
      var select = selects[name];
      var value = select ? select.value : "";
      return name === "waived" && value === "all" ? "" : value;
    }
    function keep(row, ignore) {
      for (var i = 0; i < FACETS.length; i += 1) {
        var name = FACETS[i], value = name === ignore ? "" : wanted(name);
        if (value && (row.getAttribute("data-" + name) || "").toLowerCase() !== value.toLowerCase()) { return false; }
      }
      var words = search ? search.value.toLowerCase().split(/\s+/).filter(Boolean) : [];
      var text = row.getAttribute("data-search") || "";
      return words.every(function (w) { return text.indexOf(w) >= 0; });
    }
    function recount() {
      FACETS.forEach(function (name) {
        var select = selects[name];
        if (!select) { return; }
        var counts = {};
        rows.forEach(function (r) {
          if (keep(r, name)) { var v = (r.getAttribute("data-" + name) || "").toLowerCase(); counts[v] = (counts[v] || 0) + 1; }
        });
        Array.prototype.forEach.call(select.options, function (o) {
          if (!o.value || o.value === "all") { return; }
          o.textContent = (o.getAttribute("data-label") || o.value) + " (" + (counts[o.value.toLowerCase()] || 0) + ")";
        });
      });
    }
    function apply() {
      var shown = 0;
      var active = FACETS.some(function (n) { return n !== "waived" && wanted(n); }) || wanted("waived") !== "open" || (search && search.value.trim());
      rows.forEach(function (r) { r.hidden = !keep(r); if (!r.hidden) { shown += 1; } });
      groups.forEach(function (g) {
        var visible = g.querySelectorAll("li.finding:not([hidden])").length;
        g.hidden = visible === 0;
        var label = g.querySelector(".group-count");
        if (label) { label.textContent = counted(visible, "findings"); }
        g.open = active ? visible > 0 : g.getAttribute("data-folded") !== "true";  /* notes fold */
      });
      if (count) { count.textContent = counted(shown, "findings") + " shown"; }
      document.querySelectorAll("#finding-summary .badge[data-severity]").forEach(function (b) {
        var s = b.getAttribute("data-severity");
        var n = rows.filter(function (r) { return !r.hidden && r.getAttribute("data-severity") === s; }).length;
        b.textContent = s + ": " + n;
        b.hidden = n === 0;
      });
      if (none) { none.hidden = shown > 0; }
      var clear = document.getElementById("finding-clear");
      if (clear) { clear.hidden = !active; }
      recount();
      var params = new URLSearchParams();
      if (search && search.value.trim()) { params.set("q", search.value.trim()); }
      FACETS.forEach(function (n) { var v = selects[n] ? selects[n].value : ""; if (v && !(n === "waived" && v === "open")) { params.set(n, v); } });
      var address = window.location.pathname + (params.toString() ? "?" + params.toString() : "");
      try { window.history.replaceState(null, "", address); } catch (e) { /* file:// may refuse */ }
    }
    FACETS.forEach(function (name) { if (selects[name]) { selects[name].addEventListener("change", apply); } });
    if (search) { search.addEventListener("input", apply); }
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    apply();
  }

  document.addEventListener("DOMContentLoaded", function () {
    initFindings();
    initTheme();
    initMenu();
    initCards();
    initScrollBoxes();
    initVulnFilters();
    initSortable();
    drawCharts();
  });
})();
