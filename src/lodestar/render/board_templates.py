"""The board report's stylesheet, inlined in its page (``board_report.html`` beside this module):
one file, no network, no script; system font stacks only, so the PDF embeds the system's fonts."""

from __future__ import annotations

__all__ = ["BOARD_CSS"]

BOARD_CSS = """
:root { --ink: #1b1f24; --muted: #57606a; --line: #d0d7de; --good: #1a7f37;
  --bad: #cf222e; --watch: #9a6700; --none: #6e7781; --accent: #0b4f8a; }
* { box-sizing: border-box; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, Helvetica, sans-serif;
  color: var(--ink); background: #fff; font-size: 10.5pt; line-height: 1.35; }
body { margin: 0 auto; max-width: 190mm; padding: 8mm 3mm; }
h1 { font-size: 16pt; margin: 0 0 1.5mm; }
h2 { font-size: 14pt; margin: 0 0 2mm; border-bottom: 2px solid var(--accent); }
h3 { font-size: 11pt; margin: 4mm 0 1mm; }
p { margin: 1mm 0; }
a { color: var(--accent); }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 8pt;
  overflow-wrap: anywhere; }
.meta { color: var(--muted); margin-bottom: 2mm; }
.partial { color: var(--watch); }
.levels { display: grid; grid-template-columns: repeat(4, 1fr); gap: 2mm; margin: 2mm 0; }
.cards { display: grid; grid-template-columns: repeat(3, 1fr); gap: 2mm; }
/* over 12 figures: four columns, smaller type, so the headline stays on one page */
.cards.dense { grid-template-columns: repeat(4, 1fr); gap: 1.5mm; }
.cards.dense .card { padding: 1mm 1.5mm; }
.cards.dense .value { font-size: 11pt; }
.cards.dense .reading { font-size: 7pt; }
.cards.dense .evidence { font-size: 6.5pt; }
.card { border: 1px solid var(--line); border-radius: 2mm; padding: 1.5mm 2mm;
  break-inside: avoid; }
.card .title { font-size: 7.5pt; color: var(--muted); text-transform: uppercase;
  letter-spacing: .03em; }
.card .value { font-size: 13pt; font-weight: bold; line-height: 1.2; }
.card .change { font-size: 8pt; }
.card .reading { font-size: 7.8pt; line-height: 1.2; margin: .5mm 0; }
.card .evidence { font-size: 7pt; color: var(--muted); overflow-wrap: break-word; }
.green, .good { color: var(--good); } .red, .bad { color: var(--bad); }
.amber { color: var(--watch); } .none, .flat { color: var(--none); }
svg.chart { display: block; width: 100%; height: auto; margin: 1mm 0; }
svg.chart text { font-size: 9px; fill: var(--muted); }
section.level { break-before: page; }
section.appendix { break-before: page; }
table { border-collapse: collapse; width: 100%; font-size: 8.8pt; margin: 1mm 0 3mm; }
th, td { border-bottom: 1px solid var(--line); padding: 1mm 1.5mm; text-align: left;
  vertical-align: top; overflow-wrap: break-word; }
th { background: #f6f8fa; }
td.nw { white-space: nowrap; }
.notes { color: var(--muted); font-size: 9pt; }
@page { size: A4; margin: 12mm 12mm 14mm; }
@media print { body { padding: 0; max-width: none; } a { text-decoration: none; } }
"""
