"""The public radar's page templates (Jinja, autoescaped) and its one stylesheet.

Self-contained on purpose: the public site is published far from the cockpit, so it carries its
own small stylesheet (ring colours from :mod:`lodestar.render.radar_colours`) and no script.
"""

from __future__ import annotations

from lodestar.render.radar_colours import LIGHT, TONES

__all__ = ["CSS", "TEMPLATES"]

_BASE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>{% block title %}{{ title }}{% endblock %}</title>
<link rel="stylesheet" href="{{ root }}style.css">
</head>
<body>
<header><nav aria-label="Radar"><a href="{{ root }}index.html">Radar</a>
<a href="{{ root }}editions.html">Editions</a>
<a href="{{ root }}radar.pdf">PDF</a> <a href="{{ root }}radar.svg">SVG</a>
<a href="{{ root }}radar.csv">CSV</a> <a href="{{ root }}radar.json">JSON</a></nav></header>
<main>
{% block main %}{% endblock %}
</main>
<footer><p>{{ title }}{% if radar.edition %}, edition {{ radar.edition }}{% endif %}.
{{ radar.entries | length }} entries.</p></footer>
</body>
</html>
"""

_MOVE = """{% macro move(e) %}{% if e.movement %}<span class="move">\
{{ movement_label[e.movement] }}{% if e.previous_ring %} from {{ e.previous_ring }}{% endif %}\
</span>{% endif %}{% endmacro %}"""

_INDEX = """{% extends "base.html" %}{% from "move.html" import move %}
{% block main %}
<h1>{{ title }}</h1>
<p class="lead">{{ radar.entries | length }} entries\
{% if radar.edition %}; edition {{ radar.edition }}{% endif %}.\
{% if radar.editions | length > 1 %} Marks show what moved since the previous edition.\
{% endif %}</p>
{% if radar.entries %}
<figure class="picture">{{ picture }}</figure>
<ul class="marks" aria-label="Movement marks">{% for icon, text in marks %}\
<li>{{ icon }} {{ text }}</li>{% endfor %}</ul>
{% for quadrant, rings in grouped %}
<section class="quadrant"><h2>{{ quadrant }}</h2>
{% if not rings %}<p class="muted">No entries.</p>{% endif %}
{% for ring, entries in rings %}<h3 class="rc-{{ tones[ring] }}">{{ ring }}</h3><ul class="names">
{% for e in entries %}<li><a href="entries/{{ e.id }}.html"><span class="num rc-{{ tones[ring] }}">\
{{ numbers[e.id] }}</span> {{ e.title }}</a> {{ move(e) }}</li>
{% endfor %}</ul>{% endfor %}
</section>
{% endfor %}
{% else %}<p>No entries are published{% if radar.tag %} (none carries the tag \
<code>{{ radar.tag }}</code>){% endif %}.</p>{% endif %}
{% endblock %}
"""

_ENTRY = """{% extends "base.html" %}{% from "move.html" import move %}
{% block title %}{{ entry.title }} - {{ title }}{% endblock %}
{% block main %}
<p class="crumbs"><a href="../index.html">Radar</a> / {{ entry.quadrant }}</p>
<h1>{{ entry.title }}</h1>
<p class="facts"><span class="ring rc-{{ tones[entry.ring] }}">{{ entry.ring }}</span>
{{ entry.quadrant }} {{ move(entry) }}</p>
{% if entry.tags %}<p class="muted">Tags: {{ entry.tags | join(", ") }}</p>{% endif %}
{% if entry.owner %}<p>Contact: {{ entry.owner }}</p>{% endif %}
{% if entry.used_in is not none %}<p>Used in {{ entry.used_in }} \
{{ "repository" if entry.used_in == 1 else "repositories" }}.</p>{% endif %}
{% if entry.decisions %}<p>Decisions: {{ entry.decisions | join("; ") }}</p>{% endif %}
<div class="text">{{ text }}</div>
{% endblock %}
"""

_EDITIONS = """{% extends "base.html" %}
{% macro names(ids) %}{% for id in ids %}<a href="entries/{{ id }}.html">{{ titles[id] }}</a>\
{% if not loop.last %}, {% endif %}{% endfor %}{% endmacro %}
{% block title %}Editions - {{ title }}{% endblock %}
{% block main %}
<h1>Editions</h1>
{% if not radar.editions %}<p>This radar has no editions yet.</p>{% endif %}
{% for ed in radar.editions | reverse %}
<section class="edition" id="edition-{{ loop.revindex }}">
<h2>{{ ed.name }} <span class="muted">{{ ed.date }}</span></h2>
{% if ed.first %}<p>The first edition.</p>
{% elif not (ed.new or ed.moved_in or ed.moved_out) %}<p>No published entry moved.</p>
{% else %}<dl>
{% if ed.new %}<dt>New</dt><dd>{{ names(ed.new) }}</dd>{% endif %}
{% if ed.moved_in %}<dt>Moved in</dt><dd>{{ names(ed.moved_in) }}</dd>{% endif %}
{% if ed.moved_out %}<dt>Moved out</dt><dd>{{ names(ed.moved_out) }}</dd>{% endif %}
</dl>{% endif %}
</section>
{% endfor %}
{% endblock %}
"""

TEMPLATES = {
    "base.html": _BASE,
    "move.html": _MOVE,
    "index.html": _INDEX,
    "entry.html": _ENTRY,
    "editions.html": _EDITIONS,
}

_TONE_RULES = "\n".join(
    f".rc-{i} {{ color: {LIGHT[t].blip}; }}\n"
    f".num.rc-{i}, .ring.rc-{i} {{ background: {LIGHT[t].blip}; color: {LIGHT[t].number}; }}"
    for i, t in enumerate(TONES)
)

CSS = (
    """/* The public radar's stylesheet: self-contained, no web fonts, no network. */
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Helvetica, Arial,
  sans-serif; color: #1f2933; background: #f7f8fa; }
header, main, footer { max-width: 1200px; margin: 0 auto; padding: 0.75rem 1rem; }
header nav { display: flex; flex-wrap: wrap; gap: 1rem; }
a { color: #1f5fb4; }
a:focus-visible { outline: 3px solid #1f5fb4; outline-offset: 2px; }
h1 { font-size: 1.8rem; margin: 0.5rem 0; }
.lead, .muted, footer { color: #5c6670; }
.picture { margin: 1rem 0; overflow-x: auto; background: #fff; }
.picture svg { max-width: 100%; height: auto; }
.marks { display: flex; flex-wrap: wrap; gap: 1rem; list-style: none; padding: 0; }
.marks li { display: flex; align-items: center; gap: 0.3rem; }
.marks svg { width: 24px; height: 24px; }
main { display: block; }
.quadrant { display: inline-block; vertical-align: top; width: min(100%, 280px);
  margin: 0 1rem 1rem 0; }
.names { list-style: none; padding: 0; margin: 0 0 0.5rem; }
.num, .ring { display: inline-block; min-width: 1.6em; padding: 0 0.35em; border-radius: 0.8em;
  text-align: center; font-weight: 700; font-size: 0.85em; }
.move { color: #5c6670; font-size: 0.9em; }
.move::before { content: "("; } .move::after { content: ")"; }
.text { max-width: 70ch; }
.text pre { overflow-x: auto; background: #fff; padding: 0.5rem; }
dt { font-weight: 700; }
@media print { header nav { display: none; } }
"""
    + _TONE_RULES
    + "\n"
)
