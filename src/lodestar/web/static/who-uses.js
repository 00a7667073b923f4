/* Lodestar static site: the "who uses X" search, from the index 'lodestar site build' wrote to
   api/who-uses.js (window.LODESTAR_WHO_USES). No version arithmetic here: versions are ticked,
   and the major lines (3.x) were matched at build time by the live search's own Python code.
   Text is set with textContent only: repository names and manifest paths come from anyone. */
(function () {
  "use strict";

  var data = window.LODESTAR_WHO_USES;
  var form = document.getElementById("who-uses-form");
  if (!data || !form) { return; }
  var input = document.getElementById("who-uses-q");
  var versionsBox = document.getElementById("who-uses-versions");
  var results = document.getElementById("who-uses-results");
  var UNRESOLVED = -1;
  /* packages[i] = [package, name, ecosystem, versions, comparable, lines, uses, keys];
     uses[j] = [repository, version, constraint, manifest, line, scope, direct] */

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }

  /* The same package selection as the live search: a purl names one package (version,
     qualifiers and subpath dropped, compared case-insensitively); a name is that exact name in
     each ecosystem, compared as the build wrote it in keys (lower case; PyPI names PEP 503
     normalised), so "react" is never "@types/react". */
  function packageKey(purl) {
    var head = purl.split("?")[0].split("#")[0];
    var at = head.lastIndexOf("@");
    return (at > head.lastIndexOf("/") ? head.slice(0, at) : head).toLowerCase();
  }
  function nameKey(query, ecosystem) {
    var lowered = query.trim().toLowerCase();
    return ecosystem === "pypi" ? lowered.replace(/[-_.]+/g, "-") : lowered;
  }
  function matching(query) {
    var found = [];
    var key = query.indexOf("pkg:") === 0 ? packageKey(query.replace("/@", "/%40")) : null;
    data.packages.forEach(function (p, i) {
      var hit = key !== null
        ? p[0].toLowerCase() === key
        : p[7].indexOf(nameKey(query, p[2])) >= 0;
      if (hit) { found.push(i); }
    });
    return found;
  }
  /* Packages whose name contains the query, offered when nothing matches exactly. */
  function containing(query) {
    var lowered = query.trim().toLowerCase();
    var out = [];
    data.packages.forEach(function (p) {
      if (out.length < 5 && p[1].toLowerCase().indexOf(lowered) >= 0) { out.push(p[1]); }
    });
    return out;
  }

  var names = {};
  data.packages.forEach(function (p) { names[p[1]] = true; });
  var list = document.getElementById("who-uses-names");
  Object.keys(names).sort().slice(0, 5000).forEach(function (n) {
    var option = document.createElement("option");
    option.value = n;
    list.appendChild(option);
  });

  var current = { query: "", packages: [] };

  function ticked(pi) {
    var chosen = {};
    versionsBox.querySelectorAll('input[data-package="' + pi + '"]').forEach(function (box) {
      if (box.checked) { chosen[box.value] = true; }
    });
    return chosen;
  }

  function allTicked() {
    var boxes = versionsBox.querySelectorAll("input[type=checkbox]");
    for (var i = 0; i < boxes.length; i++) { if (!boxes[i].checked) { return false; } }
    return true;
  }

  function showResults() {
    results.textContent = "";
    var rows = [];
    var repos = {};
    var unresolved = 0;
    var unparsable = 0;
    current.packages.forEach(function (pi) {
      var p = data.packages[pi];
      var chosen = ticked(pi);
      p[6].forEach(function (u) {
        if (u[1] === UNRESOLVED) { unresolved += 1; }
        else if (u[1] >= p[4]) { unparsable += 1; }
        if (!chosen[String(u[1])]) { return; }
        rows.push([p, u]);
        repos[u[0]] = true;
      });
    });
    rows.sort(function (a, b) {
      var ra = data.repositories[a[1][0]][0];
      var rb = data.repositories[b[1][0]][0];
      return ra < rb ? -1 : ra > rb ? 1 : 0;
    });
    var summary = el("p", null);
    summary.id = "search-summary";
    summary.appendChild(el("strong", Object.keys(repos).length));
    summary.appendChild(document.createTextNode(" repositories use "));
    summary.appendChild(el("code", current.query));
    var tail = allTicked() ? "" : " in the versions ticked";
    if (unresolved) { tail += "; " + unresolved + " uses have no resolved version"; }
    if (unparsable) { tail += "; " + unparsable + " versions cannot be compared"; }
    summary.appendChild(document.createTextNode(tail + "."));
    results.appendChild(summary);
    if (!current.packages.length) {
      var close = containing(current.query);
      var none = el("p", "No package is named exactly that" +
        (close.length ? "; names containing it: " + close.join(", ") : "") + ".");
      none.id = "who-uses-none";
      results.appendChild(none);
    }
    if (!rows.length) { return; }
    var table = el("table");
    table.id = "who-uses-table";
    var head = el("tr");
    ["Repository", "Package", "Version", "Constraint", "Scope", "Direct", "Manifest"].forEach(function (h) {
      var th = el("th", h);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    var body = table.appendChild(el("tbody"));
    rows.forEach(function (row) {
      var p = row[0], u = row[1];
      var repo = data.repositories[u[0]];
      var tr = body.appendChild(el("tr"));
      var link = el("a", repo[0]);
      link.href = repo[1];
      tr.appendChild(el("td")).appendChild(link);
      tr.appendChild(el("td")).appendChild(el("code", p[0]));
      tr.appendChild(el("td", u[1] === UNRESOLVED ? "" : p[3][u[1]]));
      tr.appendChild(el("td")).appendChild(el("code", u[2] || ""));
      tr.appendChild(el("td", data.scopes[u[5]]));
      tr.appendChild(el("td", u[6] ? "yes" : "no"));
      var where = data.manifests[u[3]] + (u[4] === null ? "" : ":" + u[4]);
      tr.appendChild(el("td")).appendChild(el("code", where));
    });
    results.appendChild(table);
  }

  function setBoxes(pi, members) {
    versionsBox.querySelectorAll('input[data-package="' + pi + '"]').forEach(function (box) {
      box.checked = members === null || members.indexOf(Number(box.value)) >= 0;
    });
    showResults();
  }

  function button(label, onClick) {
    var b = el("button", label);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  function versionPicker(pi) {
    var p = data.packages[pi];
    var repos = {};
    p[6].forEach(function (u) {
      var k = String(u[1]);
      (repos[k] = repos[k] || {})[u[0]] = true;
    });
    var fieldset = el("fieldset", null, "who-uses-picker");
    fieldset.appendChild(el("legend", "Versions of " + p[1] + " (" + p[2] + ")"));
    var quick = fieldset.appendChild(el("p", null, "who-uses-quick"));
    quick.appendChild(button("All", function () { setBoxes(pi, null); }));
    quick.appendChild(button("None", function () { setBoxes(pi, []); }));
    p[5].forEach(function (line) {
      var b = button(line[0], function () { setBoxes(pi, line[1]); });
      b.title = "versions " + line[0] + " only (matched like the live range " + line[0] + ")";
      quick.appendChild(b);
    });
    var choices = p[3].map(function (v, i) { return [String(i), v]; });
    if (repos[String(UNRESOLVED)]) { choices.push([String(UNRESOLVED), "no resolved version"]); }
    choices.forEach(function (c) {
      var label = el("label", null, "who-uses-version");
      var box = el("input");
      box.type = "checkbox";
      box.value = c[0];
      box.checked = true;
      box.setAttribute("data-package", String(pi));
      box.addEventListener("change", showResults);
      label.appendChild(box);
      var n = Object.keys(repos[c[0]] || {}).length;
      label.appendChild(document.createTextNode(" " + c[1] + " (" + n + ")"));
      fieldset.appendChild(label);
    });
    return fieldset;
  }

  function search(query) {
    current = { query: query, packages: matching(query) };
    versionsBox.textContent = "";
    current.packages.forEach(function (pi) { versionsBox.appendChild(versionPicker(pi)); });
    showResults();
  }

  /* #q=QUERY (the Packages table links here that way) searches on arrival and on change. */
  function fromHash() {
    var hash = window.location.hash;
    if (hash.indexOf("#q=") !== 0) { return; }
    var query;
    try { query = decodeURIComponent(hash.slice(3)).trim(); } catch (e) { return; }
    if (query && query !== current.query) {
      input.value = query;
      search(query);
      results.scrollIntoView();
    }
  }

  form.hidden = false;
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = input.value.trim();
    if (!query) { return; }
    search(query);
    try { window.history.replaceState(null, "", "#q=" + encodeURIComponent(query)); }
    catch (e) { /* some browsers refuse it from file:// */ }
  });
  window.addEventListener("hashchange", fromHash);
  fromHash();
}());
