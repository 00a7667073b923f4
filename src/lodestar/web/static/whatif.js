/* Lodestar cockpit: the off-boarding what-if page answers without a reload.
   Without this script the page is a plain GET form (/whatif/?leave=…&team=…), so every answer
   has an address to share; with it, typing a name offers the matching people, and picking one
   (or a team, a date, unticking someone) asks /api/whatif with the same query, draws its
   "effect" (the document of 'lodestar whatif --json') in place and puts the query in the
   address bar. Text is set with textContent only: names and paths come from anyone. */
(function () {
  "use strict";

  var form = document.getElementById("whatif-form");
  var panel = document.getElementById("whatif-effect");
  if (!form || !panel || !window.fetch) { return; }
  var input = document.getElementById("whatif-person");
  var matches = document.getElementById("whatif-matches");
  var chosen = document.getElementById("whatif-chosen");
  var people = Array.prototype.map.call(
    document.querySelectorAll("#whatif-people option"),
    function (o) { return { key: o.value, name: o.getAttribute("data-name") || o.value, label: o.label }; }
  );
  var asked = 0;  /* the latest request: an older answer arriving late is dropped */

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    if (cls) { node.className = cls; }
    return node;
  }
  function number(n) { return Number(n).toLocaleString("en-US"); }
  function plural(n, one, many) { return number(n) + " " + (n === 1 ? one : many); }
  function who(keys, names, most) {
    most = most || 4;
    if (!keys.length) { return "nobody"; }
    var shown = keys.slice(0, most).map(function (k) { return names[k] || k; }).join(", ");
    return shown + (keys.length > most ? " and " + (keys.length - most) + " more" : "");
  }
  function link(text, path) {
    if (!path) { return el("span", text); }
    var a = el("a", text);
    a.href = "/" + path;
    return a;
  }

  /* --- the picker -------------------------------------------------------------------- */
  function found(text) {
    var q = text.trim().toLowerCase();
    if (!q) { return []; }
    return people.filter(function (p) {
      return p.name.toLowerCase().indexOf(q) >= 0 || p.key.toLowerCase().indexOf(q) >= 0;
    }).slice(0, 8);
  }
  function isChosen(key) {
    return Array.prototype.some.call(chosen.querySelectorAll("input"), function (box) {
      return box.value.toLowerCase() === key.toLowerCase();
    });
  }
  function choose(person) {
    if (!isChosen(person.key)) {
      var label = el("label", null, "chip");
      var box = document.createElement("input");
      box.type = "checkbox"; box.name = "leave"; box.value = person.key; box.checked = true;
      label.appendChild(box);
      label.appendChild(document.createTextNode(" " + person.name));
      chosen.appendChild(label);
    }
    input.value = "";
    showMatches([]);
    ask();
  }
  function showMatches(list) {
    matches.textContent = "";
    list.forEach(function (p) {
      var li = el("li");
      var button = el("button", p.name, "whatif-match");
      button.type = "button";
      button.setAttribute("data-key", p.key);
      button.appendChild(el("span", " " + p.key, "muted small"));
      button.addEventListener("click", function () { choose(p); input.focus(); });
      li.appendChild(button);
      matches.appendChild(li);
    });
    matches.hidden = list.length === 0;
  }
  input.addEventListener("input", function () {
    var exact = people.filter(function (p) { return p.key === input.value; });
    if (exact.length) { choose(exact[0]); return; }  /* picked from the browser's list */
    showMatches(found(input.value));
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && input.value.trim()) {
      var list = found(input.value);
      if (list.length) { event.preventDefault(); choose(list[0]); }
    } else if (event.key === "Escape") {
      showMatches([]);
    }
  });
  chosen.addEventListener("change", function (event) {
    if (event.target && !event.target.checked) { event.target.parentNode.remove(); }
    ask();
  });
  ["whatif-team", "whatif-since"].forEach(function (id) {
    var field = document.getElementById(id);
    if (field) { field.addEventListener("change", ask); }
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); ask(); });

  /* --- asking and drawing ------------------------------------------------------------ */
  function query() {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (String(value).trim()) { params.append(key, String(value).trim()); }
    });
    return params.toString();
  }
  function ask() {
    var qs = query();
    var mine = ++asked;
    panel.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("data-api") + (qs ? "?" + qs : ""), { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("the cockpit answered " + response.status); }
        return response.json();
      })
      .then(function (ctx) {
        if (mine !== asked) { return; }
        draw(ctx);
        history.replaceState(null, "", form.getAttribute("action") + (qs ? "?" + qs : ""));
      })
      .catch(function (error) {
        if (mine !== asked) { return; }
        panel.textContent = "";
        panel.appendChild(el("h2", "The effect")).id = "whatif-effect-title";
        panel.appendChild(el("p", "Cannot answer: " + error.message, "nodata")).id = "whatif-error";
      })
      .then(function () { if (mine === asked) { panel.removeAttribute("aria-busy"); } });
  }

  function table(id, label, heads, rows) {
    var wrap = el("div", null, "table-wrap");
    wrap.setAttribute("data-region-label", label);  /* cockpit.js makes it a region if it scrolls */
    var t = el("table", null, "cards"); t.id = id;
    var tr = el("tr");
    heads.forEach(function (h) { var th = el("th", h); th.scope = "col"; tr.appendChild(th); });
    t.appendChild(el("thead")).appendChild(tr);
    var body = t.appendChild(el("tbody"));
    rows.forEach(function (cells) {
      var row = body.appendChild(el("tr"));
      cells.forEach(function (c) {
        var td = row.appendChild(el("td", null, c.num ? "num" : ""));
        td.setAttribute("data-label", heads[row.children.length - 1]);
        td.appendChild(c.node || document.createTextNode(c.text));
      });
    });
    wrap.appendChild(t);
    return wrap;
  }
  function cell(text, num) { return { text: String(text), num: !!num }; }
  function nodeCell(node) { return { node: node }; }

  function figure(name, value, text) {
    var li = el("li"); li.setAttribute("data-figure", name);
    li.appendChild(el("span", number(value), "figure"));
    li.appendChild(document.createTextNode(" " + text));
    return li;
  }
  function drawFigures(e) {
    var zero = e.repositories.filter(function (r) { return r.active_truck_factor_after === 0; }).length;
    var n = e.leavers.length;
    var p = el("p"); p.id = "whatif-summary";
    p.appendChild(document.createTextNode("If "));
    p.appendChild(el("strong", plural(n, "person", "people")));
    p.appendChild(document.createTextNode(" " + (n === 1 ? "leaves" : "leave") + " (" +
      who(e.leavers.map(function (l) { return l.key; }), e.names, 8) + "), as of " + e.as_of.slice(0, 10) + ":"));
    panel.appendChild(p);
    var ul = el("ul", null, "whatif-figures");
    ul.appendChild(figure("to_zero", zero, (zero === 1 ? "repository" : "repositories") + " left with nobody active who knows " + (zero === 1 ? "it" : "them")));
    ul.appendChild(figure("to_one", e.repositories.length - zero, "left with one active expert"));
    ul.appendChild(figure("island_code", e.island_code, "lines of code no remaining author knows"));
    ul.appendChild(figure("technologies", e.technologies.length, "Adopt/Trial " + (e.technologies.length === 1 ? "entry" : "entries") + " left with one active expert or none"));
    ul.appendChild(figure("owners", e.owners.length, "campaigns, initiatives, decisions or repositories left without an owner"));
    panel.appendChild(ul);
  }
  function drawTables(e, paths) {
    var names = e.names;
    if (e.repositories.length) {
      panel.appendChild(el("h3", "Repositories whose active truck factor falls to 0 or 1"));
      panel.appendChild(table("whatif-repositories", "Repositories at risk",
        ["Repository", "Active truck factor before", "After", "Carried by", "Files"],
        e.repositories.map(function (r) {
          return [nodeCell(link(r.repository, paths["repository:" + r.repository])),
            cell(r.active_truck_factor_before, true), cell(r.active_truck_factor_after, true),
            cell(who(r.carried_by, names)), cell(number(r.files), true)];
        })));
    }
    if (e.islands.length) {
      panel.appendChild(el("h3", "New knowledge islands (" + number(e.island_code) + " lines of code)"));
      panel.appendChild(table("whatif-islands", "New knowledge islands",
        ["Repository", "Path", "Lines of code", "Files", "Known by"],
        e.islands.map(function (i) {
          var path = (i.path || "(whole repository)") + (i.kind === "folder" && i.path ? "/" : "");
          return [nodeCell(link(i.repository, paths["repository:" + i.repository])),
            nodeCell(el("code", path)), cell(number(i.code), true), cell(number(i.files), true),
            cell(who(i.authors, names))];
        })));
    }
    if (e.technologies.length) {
      panel.appendChild(el("h3", "Adopt/Trial technologies left with one active expert or none"));
      panel.appendChild(table("whatif-technologies", "Technologies left thin",
        ["Radar entry", "Ring", "Active experts before", "After", "Who remains"],
        e.technologies.map(function (t) {
          return [nodeCell(link(t.title, paths["entry:" + t.entry])), cell(t.ring),
            cell(t.experts_before.length, true), cell(t.experts_after.length, true),
            cell(who(t.experts_after, names))];
        })));
    }
    if (e.owners.length) {
      panel.appendChild(el("h3", "Left without an owner"));
      panel.appendChild(table("whatif-owners", "Left without an owner",
        ["What", "Name", "Declared owners"],
        e.owners.map(function (o) {
          var key = o.kind === "owner" ? "repository:" + o.id : o.kind + ":" + o.id;
          return [cell(o.kind === "owner" ? "repository" : o.kind),
            nodeCell(link(o.kind === "owner" ? o.id : o.title, paths[key])), cell(o.declared.join(", "))];
        })));
    }
    if (e.protected.length) {
      panel.appendChild(el("h3", "Trade secrets and disclosed inventions nobody active knows"));
      panel.appendChild(table("whatif-protected", "Protected code left without a knower",
        ["What", "Name", "Files", "Lines of code", "Who knew it"],
        e.protected.map(function (x) {
          return [cell(x.kind === "trade-secret" ? "trade secret" : "disclosure"), cell(x.title),
            cell(x.files, true), cell(x.code, true), cell(who(x.knowers, names))];
        })));
    }
    if (!(e.repositories.length || e.islands.length || e.technologies.length || e.owners.length ||
        e.protected.length)) {
      var p = el("p", "Nothing is lost: someone active still knows everything they know" +
        (e.leavers.length ? "." : " (nobody matches)."), "good");
      p.id = "whatif-nothing";
      panel.appendChild(p);
    }
  }
  function draw(ctx) {
    panel.textContent = "";
    if (!ctx.error && !ctx.effect) { return; }
    panel.appendChild(el("h2", "The effect")).id = "whatif-effect-title";
    if (ctx.error) {
      var p = el("p", null, "nodata"); p.id = "whatif-error"; p.setAttribute("role", "alert");
      p.appendChild(el("strong", "Cannot answer:"));
      p.appendChild(document.createTextNode(" " + ctx.error));
      panel.appendChild(p);
      return;
    }
    drawFigures(ctx.effect);
    drawTables(ctx.effect, ctx.paths || {});
  }
})();
