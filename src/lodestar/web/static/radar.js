/* Lodestar radar page: filter and search, highlight between blips, legend and table, the card a
   blip shows on hover and keyboard focus (Escape closes it), and the quadrant zoom. The page
   works without it (blips and names are links); the card's data is in the page (no server). */
(function () {
  "use strict";

  function all(root, selector) { return Array.prototype.slice.call(root.querySelectorAll(selector)); }

  function initFilters(svg, blips, rows, names) {
    var form = document.getElementById("radar-filters");
    if (!form) { return; }
    form.hidden = false;
    var search = document.getElementById("radar-search");
    var quadrant = document.getElementById("radar-quadrant");
    var ring = document.getElementById("radar-ring");
    var tag = document.getElementById("radar-tag");
    var count = document.getElementById("radar-count");
    function matches(el) {
      var text = search.value.trim().toLowerCase();
      var tags = (el.getAttribute("data-tags") || "").split("|");
      if (quadrant.value && el.getAttribute("data-quadrant") !== quadrant.value) { return false; }
      if (ring.value && el.getAttribute("data-ring") !== ring.value) { return false; }
      if (tag.value && tags.indexOf(tag.value) < 0) { return false; }
      if (text && (el.getAttribute("data-title") || "").toLowerCase().indexOf(text) < 0 &&
          tags.join(" ").toLowerCase().indexOf(text) < 0) { return false; }
      return true;
    }
    function apply() {
      var shown = 0, kept = {};
      blips.forEach(function (b) {
        var ok = matches(b);
        kept[b.getAttribute("data-id")] = ok;
        b.classList.toggle("dimmed", !ok);
        if (ok) {
          if (!b.classList.contains("zoomed-away")) { b.removeAttribute("tabindex"); }
          b.removeAttribute("aria-hidden"); shown += 1;
        }
        else { b.setAttribute("tabindex", "-1"); b.setAttribute("aria-hidden", "true"); }
      });
      rows.forEach(function (r) { r.hidden = !matches(r); });
      names.forEach(function (li) { li.classList.toggle("dimmed", kept[li.getAttribute("data-id")] === false); });
      count.textContent = shown + " of " + blips.length + " entries";
    }
    [search, quadrant, ring, tag].forEach(function (el) {
      el.addEventListener("input", apply);
      el.addEventListener("change", apply);
    });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    apply();
  }

  function initCard(wrap, blips) {
    var card = document.getElementById("radar-card");
    var data = {};
    var source = document.getElementById("radar-cards");
    try { data = JSON.parse(source ? source.textContent : "{}") || {}; } catch (e) { data = {}; }
    if (!card) { return function () {}; }
    var current = null, timer = null;
    function line(parent, label, value) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = label; dd.textContent = value;
      parent.appendChild(dt); parent.appendChild(dd);
    }
    function fill(info) {
      card.textContent = "";
      var h = document.createElement("p");
      h.className = "radar-card-title";
      h.textContent = info.number + ". " + info.title;
      card.appendChild(h);
      var dl = document.createElement("dl");
      line(dl, "Ring", info.ring + " · " + info.quadrant);
      line(dl, "Movement", info.movement || "no change");
      if (info.owner) { line(dl, "Owner", info.owner); }
      line(dl, "Used in", info.used_in + (info.used_in === 1 ? " repository" : " repositories"));
      if (info.decisions && info.decisions.length) { line(dl, "Decisions", info.decisions.join("; ")); }
      card.appendChild(dl);
    }
    function show(blip) {
      var info = data[blip.getAttribute("data-id")];
      if (!info) { return; }
      clearTimeout(timer);
      fill(info);
      card.hidden = false;
      current = blip;
      blip.setAttribute("aria-describedby", "radar-card");
      var box = wrap.getBoundingClientRect(), b = blip.getBoundingClientRect();
      var left = b.right - box.left + 8, top = b.top - box.top - 8;
      if (left + card.offsetWidth > box.width) { left = Math.max(0, b.left - box.left - card.offsetWidth - 8); }
      if (top + card.offsetHeight > box.height) { top = Math.max(0, box.height - card.offsetHeight); }
      card.style.left = left + "px";
      card.style.top = top + "px";
    }
    function hide() {
      card.hidden = true;
      if (current) { current.removeAttribute("aria-describedby"); }
      current = null;
    }
    function later() { clearTimeout(timer); timer = setTimeout(hide, 250); }
    // Escape must keep the card closed while the pointer rests (WCAG 1.4.13): hiding the card can
    // uncover a blip under a still pointer, and Chromium then sends it a mouseenter; hover shows
    // cards again only once the pointer really moves.
    var pointer = { x: -1, y: -1 }, quiet = null;
    document.addEventListener("mousemove", function (e) {
      if (quiet && (e.clientX !== quiet.x || e.clientY !== quiet.y)) { quiet = null; }
      pointer = { x: e.clientX, y: e.clientY };
    });
    blips.forEach(function (b) {
      b.addEventListener("mouseenter", function () { if (!quiet) { show(b); } });
      b.addEventListener("mouseleave", later);
      b.addEventListener("focus", function () { show(b); });
      b.addEventListener("blur", hide);
    });
    card.addEventListener("mouseenter", function () { clearTimeout(timer); });
    card.addEventListener("mouseleave", later);
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && !card.hidden) { quiet = { x: pointer.x, y: pointer.y }; hide(); }
    });
    return hide;
  }

  function initZoom(svg, hideCard) {
    var bar = document.getElementById("radar-zoom");
    var boxes = (svg.getAttribute("data-zoom") || "").split("|");
    var full = svg.getAttribute("viewBox");
    if (!bar || !boxes[0]) { return; }
    bar.hidden = false;
    var buttons = all(bar, "button");
    function zoom(q) {
      hideCard();
      var on = q !== "" && boxes[+q];
      svg.setAttribute("viewBox", on ? boxes[+q] : full);
      svg.classList.toggle("zoomed", !!on);
      svg.setAttribute("data-zoomed", on ? q : "");
      /* blips outside the zoomed quadrant leave the tab order (unless the filter dimmed them) */
      all(svg, "a.blip").forEach(function (b) {
        var away = on && !b.classList.contains("q-" + q);
        b.classList.toggle("zoomed-away", !!away);
        if (away) { b.setAttribute("tabindex", "-1"); }
        else if (!b.classList.contains("dimmed")) { b.removeAttribute("tabindex"); }
      });
      buttons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.getAttribute("data-q") === (on ? q : ""))); });
    }
    buttons.forEach(function (b) { b.addEventListener("click", function () { zoom(b.getAttribute("data-q")); }); });
    all(svg, "a.quadrant-link").forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        var q = a.getAttribute("data-q");
        zoom(svg.getAttribute("data-zoomed") === q ? "" : q);
      });
    });
    all(document, "button.radar-zoom-to").forEach(function (b) {
      b.hidden = false;
      b.addEventListener("click", function () {
        zoom(b.getAttribute("data-q"));
        svg.scrollIntoView({ block: "nearest" });
      });
    });
  }

  function initHighlight(blips, others) {
    function highlight(id, on) {
      blips.concat(others).forEach(function (el) {
        if (el.getAttribute("data-id") === id) { el.classList.toggle("hl", on); }
      });
    }
    blips.concat(others).forEach(function (el) {
      var id = el.getAttribute("data-id");
      el.addEventListener("mouseenter", function () { highlight(id, true); });
      el.addEventListener("mouseleave", function () { highlight(id, false); });
      el.addEventListener("focusin", function () { highlight(id, true); });
      el.addEventListener("focusout", function () { highlight(id, false); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var svg = document.querySelector("svg.radar");
    var wrap = document.getElementById("radar-wrap");
    if (!svg || !wrap) { return; }
    var blips = all(svg, "a.blip");
    var rows = all(document, "#radar-entries tbody tr");
    var names = all(document, ".radar-names li");
    initFilters(svg, blips, rows, names);
    initHighlight(blips, rows.concat(names));
    initZoom(svg, initCard(wrap, blips));
  });
})();
