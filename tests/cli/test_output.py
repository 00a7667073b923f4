"""Text from repositories and workspace files never reaches the terminal as escapes or markup.

One generated organisation carries hostile text everywhere the CLI prints data: author names
and emails, commit subjects, file paths, the repository's folder name, tag names, package names
and versions from manifests, the organisation's name, and the titles, owners and bodies of
radar entries, decisions, campaigns and initiatives. The text holds a screen clear
(``ESC [ 2 J``), a clipboard write (``OSC 52``), a hidden hyperlink (``OSC 8``), BEL, backspace,
CR, DEL, a C1 CSI (``U+009B``), a right-to-left override (``U+202E``) and Rich markup. Every
command that prints people, commits, paths or titles must print none of those characters raw,
must show them as visible escapes (``\\x1b``), and must print the markup as text.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from lodestar.cli.app import app, main
from lodestar.demo.factory import Author, Commit, build_repository
from lodestar.render.terminal import json_safe, terminal_safe
from lodestar.settings import init_workspace

runner = CliRunner()

ESCAPES = "\x1b[2J\x1b]52;c;ZXZpbA==\x07\x08\r\x7f\x9b31m\u202e"
HYPERLINK = "\x1b]8;;https://evil.example\x07click\x1b]8;;\x07"
MARKUP = "[bold red]x[/][link=https://evil.example]y[/link]"
HOSTILE = ESCAPES + HYPERLINK + MARKUP  # names, subjects, titles
IN_PATH = ESCAPES + "[bold red]x[/]"  # a path: no empty segment ("//")
IN_NAME = ESCAPES + "[bold red]x"  # a folder name: no "/"
RAW = {
    "ESC": "\x1b",
    "BEL": "\x07",
    "BS": "\x08",
    "CR": "\r",
    "DEL": "\x7f",
    "C1 CSI": "\x9b",
    "RLO": "\u202e",
    "LRI": "\u2066",
}
VISIBLE_ESC = "\\x1b"
LITERAL_MARKUP = "[bold red]"
# José, Chinese, a woman technologist emoji (ZWJ), Persian "mi-khaham" (ZWNJ)
JOINED = (
    "Jos\u00e9 \u4e2d\u6587 \U0001f469\u200d\U0001f4bb "
    "\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"
)

MALLORY = Author("Mallory" + HOSTILE, "mallory" + ESCAPES + "@evil.example")
ANN = Author("Ann Lee", "ann@example.com")
REPO = "r" + IN_NAME
TAG = "v1.0\u202e\u009bx"  # git refuses ASCII controls and "[" in ref names, not these
AS_OF = "2025-03-20"


def _at(month: int, day: int) -> datetime:
    return datetime(2025, month, day, 10, tzinfo=UTC)


def _commits() -> list[Commit]:
    code = "src/p" + IN_PATH + ".py"
    first = {
        code: "a = 1\nb = 2\n",
        "src/ok.py": "c = 1\n",
        "requirements.txt": "django==4.2\n",
        "composer.json": json.dumps({"require": {"ev/il" + HOSTILE: "1.0" + HOSTILE}}),
        "Gemfile": "gem 'gem" + ESCAPES + MARKUP + "', '1.0'\n",
        "bad" + IN_PATH + "/package.json": "{not json",
        "rt" + IN_PATH + "/.python-version": "3.8\n",
    }
    return [
        Commit(MALLORY, _at(1, 6), "first" + HOSTILE, first),
        *(
            Commit(MALLORY, _at(month, 6), f"change {month}" + HOSTILE, {code: f"a = {month}\n"})
            for month in (2, 3)
        ),
        Commit(ANN, _at(3, 10), "docs" + HOSTILE, {"README.md": "# r\n"}),
    ]


def _git(repo: Path, *args: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env |= {"GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull, "HOME": str(repo)}
    subprocess.run(["git", "-C", str(repo), *args], check=True, env=env, capture_output=True)


def _yaml(text: str) -> str:
    """A YAML double-quoted scalar: the hostile text through YAML's own escapes."""
    return json.dumps(text)


def _strategy(root: Path) -> None:
    t = _yaml
    files = {
        "radar/django.md": f"---\ntitle: {t('Django' + HOSTILE)}\nquadrant: Languages & "
        f"Frameworks\nring: Hold\nowner: {t('Own' + HOSTILE)}\ntags: [{t('t' + HOSTILE)}]\n"
        f"matchers:\n  - technology: django\n---\nBody {HOSTILE} [here](https://link.example)\n",
        "decisions/0001-evil.md": "---\nstatus: accepted\ndate: 2025-03-01\n"
        f"decision-makers: [{t('Dec' + HOSTILE)}]\ngoverns:\n  - technology: django\n---\n"
        f"# Use Django{MARKUP}{ESCAPES}\n\n## Decision Outcome\n\nChosen because {HOSTILE}.\n",
        "campaigns/evil.md": f"---\ntitle: {t('Camp' + HOSTILE)}\nfrom:\n  - technology: "
        f"django\nto:\n  - technology: flask\nowner: {t('Own' + HOSTILE)}\nstart: 2025-01-01\n"
        "due: 2025-03-01\n---\n",
        "initiatives/evil.md": f"---\ntitle: {t('Init' + HOSTILE)}\nstatus: active\n"
        f"owner: {t('Own' + HOSTILE)}\nmilestones:\n  - title: {t('Mile' + HOSTILE)}\n"
        f"    due: 2025-02-01\nobjectives:\n  - title: {t('Obj' + HOSTILE)}\n    key-results:\n"
        f"      - title: {t('KR' + HOSTILE)}\n        target: 100\n        metric: campaign:evil\n"
        '        unit: "%"\n---\n',
    }
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    config = root / "lodestar.toml"  # the organisation's name, through TOML's escapes
    config.write_text(config.read_text("utf-8").replace('"Org"', _yaml("Org" + HOSTILE)), "utf-8")


@pytest.fixture(scope="module")
def org(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("termsafe")
    repo = root / "repos" / REPO
    build_repository(repo, _commits())
    _git(repo, "tag", TAG)
    _git(root / "repos", "init", "-q", "empty" + IN_NAME)  # no commit: its scan fails
    init_workspace(root / "ws", name="Org", sources=[str(root / "repos")])
    _strategy(root / "ws")
    result = runner.invoke(app, ["-w", str(root / "ws"), "scan", "--workers", "1"], env=_env(root))
    assert result.exit_code == 0, result.output
    return root


def _env(root: Path) -> dict[str, str]:
    # wide tables: no escape or markup is folded over two lines
    return {"LODESTAR_DATABASE_URL": f"sqlite:///{root / 'store.db'}", "COLUMNS": "2000"}


def _run(root: Path, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, ["-w", str(root / "ws"), *args], env=_env(root))
    assert result.exit_code == code, result.output
    return result.output


def _assert_inert(output: str) -> None:
    raw = sorted(name for name, char in RAW.items() if char in output)
    assert not raw, f"raw {raw} in: {terminal_safe(output, multiline=True)[:2000]}"


def _assert_shown(output: str, *expected: str) -> None:
    for text in expected:
        assert text in output, f"{text!r} not in: {terminal_safe(output, multiline=True)[:2000]}"


COMMANDS = {
    "history": (["history", "--as-of", AS_OF], 0),
    "history-repo": (["history", REPO, "--as-of", AS_OF], 0),
    "experts": (["experts", "--as-of", AS_OF], 0),
    "experts-python": (["experts", "python", "--as-of", AS_OF], 0),
    "risk": (["risk", "--as-of", AS_OF], 0),
    "hotspots": (["hotspots", REPO], 0),
    "releases": (["releases"], 0),
    "repos": (["repos"], 0),
    "repos-warnings": (["repos", "--warnings"], 0),
    "deps": (["deps"], 0),
    "deps-package": (["deps", "ev/il" + HOSTILE], 0),
    "tech": (["tech", "--evidence"], 0),
    "report": (["report"], 0),
    "eol": (["eol"], 0),
    "check": (["check", "--as-of", AS_OF], 1),
    "drift": (["drift", "--as-of", AS_OF], 0),
    "trend": (["trend", "django"], 0),
    "radar-list": (["radar", "list"], 0),
    "radar-show": (["radar", "show", "django"], 0),
    "decision-list": (["decision", "list"], 0),
    "decision-show": (["decision", "show", "0001-evil"], 0),
    "campaigns": (["campaigns", "--as-of", AS_OF], 0),
    "campaign": (["campaigns", "evil", "--as-of", AS_OF], 0),
    "initiatives": (["initiatives", "--as-of", AS_OF], 0),
}


@pytest.mark.parametrize("case", COMMANDS, ids=str)
def test_command_output_is_inert(org: Path, case: str) -> None:
    args, code = COMMANDS[case]
    out = _run(org, *args, code=code)
    _assert_inert(out)
    _assert_shown(out, VISIBLE_ESC, LITERAL_MARKUP)


def test_markdown_findings_are_inert(org: Path) -> None:
    out = _run(org, "check", "--as-of", AS_OF, "--format", "markdown", code=1)
    _assert_inert(out)
    _assert_shown(out, "\\\\x1b", "\\[bold red\\]")  # Markdown-escaped: \\x1b, \[bold red\]


def test_tag_names_are_shown_escaped(org: Path) -> None:
    out = _run(org, "releases", REPO, "--tag-pattern", "^v")
    _assert_inert(out)
    _assert_shown(out, "v1.0\\u202e\\x9bx")


def test_radar_export_on_stdout_is_inert(org: Path) -> None:
    out = _run(org, "radar", "export", "--format", "byor-csv")
    _assert_inert(out)
    _assert_shown(out, VISIBLE_ESC, LITERAL_MARKUP)


def test_markdown_links_show_their_target(org: Path) -> None:
    # Rich draws a Markdown link as an OSC 8 hyperlink on a terminal: the target is written out
    out = _run(org, "radar", "show", "django")
    _assert_shown(out, "https://link.example")


def test_scan_and_loc_output_is_inert(org: Path) -> None:
    out = _run(org, "scan", "--workers", "1", "--force")
    _assert_inert(out)
    _assert_shown(out, "empty" + terminal_safe(IN_NAME))  # the failed repository's warning
    out = _run(org, "loc", str(org / "repos" / REPO))
    _assert_inert(out)
    _assert_shown(out, VISIBLE_ESC, LITERAL_MARKUP)


def test_one_line_errors_are_inert(org: Path, tmp_path: Path) -> None:
    out = _run(org, "loc", str(tmp_path / ("gone" + IN_NAME)), code=2)  # "PATH: no such folder"
    _assert_inert(out)
    _assert_shown(out, "error:", VISIBLE_ESC, LITERAL_MARKUP)
    assert len(out.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [["repos", "--json"], ["history", "--json"], ["check", "--json"], ["sbom", REPO]],
    ids=" ".join,
)
def test_json_is_inert_and_keeps_the_values(org: Path, args: list[str]) -> None:
    code = 1 if args[0] == "check" else 0
    result = runner.invoke(app, ["-w", str(org / "ws"), *args], env=_env(org))
    assert result.exit_code == code, result.output
    _assert_inert(result.stdout)
    assert any(IN_NAME in text for text in _strings(json.loads(result.stdout)))


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in (*_strings(k), *_strings(v))]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_validate_shows_hostile_workspace_files_inert(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    init_workspace(root, name="Test", sources=[])
    radar = root / "radar"
    radar.mkdir(exist_ok=True)
    # a raw ESC in YAML: refused, and the offending line is quoted under the message
    (radar / "raw.md").write_text(f"---\ntitle: T{ESCAPES}{MARKUP}\n---\n", "utf-8")
    # a key with a bidi override: the message names the key
    (radar / "key.md").write_text(
        f"---\ntitle: K\nring{ESCAPES[-1]}: Hold{MARKUP}\nquadrant: Tools\n---\n", "utf-8"
    )
    result = runner.invoke(app, ["-w", str(root), "validate"])
    assert result.exit_code == 1, result.output
    _assert_inert(result.output)
    _assert_shown(result.output, VISIBLE_ESC, "\\u202e", LITERAL_MARKUP)


def test_the_console_escapes_even_text_built_from_raw_data() -> None:
    # the last line of defence, on a colour terminal: a Text made from data without plain()
    # (Rich itself drops BEL, BS and CR there, and passes ESC), a string, a Markdown body;
    # Rich's own styling still gets through
    from rich.markdown import Markdown
    from rich.text import Text

    from lodestar.cli.output import SafeConsole

    out = io.StringIO()
    console = SafeConsole(file=out, force_terminal=True, color_system="truecolor", width=500)
    console.print(Text("text " + HOSTILE, style="bold"))
    console.print("string " + HOSTILE)
    console.print(Markdown("markdown " + HOSTILE))
    written = out.getvalue()
    for sequence in ("\x1b[2J", "\x1b]", "\x07", "\x08", "\r", "\x7f", "\x9b", "\u202e"):
        assert sequence not in written, repr(sequence)
    assert written.count("\\x1b[2J") == 3
    assert written.count(LITERAL_MARKUP) == 3
    assert "\x1b[1m" in written  # bold, from Rich itself


# --- the one function --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b[2J", "\\x1b[2J"),
        ("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07"),
        ("a\x08b\rc\x7fd\x9be", "a\\x08b\\rc\\x7fd\\x9be"),
        ("\t\n\x00\x1f", "\\t\\n\\x00\\x1f"),
        ("abc\u202edef\u2066\u2069\u200b\ufeff", "abc\\u202edef\\u2066\\u2069\\u200b\\ufeff"),
        ("\u2028\u2029\U000e0041", "\\u2028\\u2029\\U000e0041"),
        ("path\udcff", "path\\udcff"),  # an undecodable byte of a file name
        (JOINED, JOINED),  # the joiners that scripts and emoji need are kept
        ("[bold red]x[/] C:\\dir", "[bold red]x[/] C:\\dir"),  # markup is the console's business
    ],
)
def test_terminal_safe(text: str, shown: str) -> None:
    assert terminal_safe(text) == shown
    assert terminal_safe(shown) == shown  # what it returns is safe as it is


def test_terminal_safe_multiline_keeps_line_breaks_and_tabs() -> None:
    assert terminal_safe("a\r\n\tb\rc\n", multiline=True) == "a\n\tb\\rc\n"


def test_json_safe_escapes_and_keeps_the_value() -> None:
    value = {"name": HOSTILE + "\U000e0041\udcff é"}
    document = json.dumps(value, ensure_ascii=False, indent=2)
    safe = json_safe(document)
    _assert_inert(safe)
    assert "é" in safe
    assert json.loads(safe) == value


def test_linear_time_on_long_hostile_text() -> None:
    start = time.process_time()
    for text in ("\x1b" * 200_000, "\\" * 200_000 + "[", "[b]" * 100_000, "\u202e" * 200_000):
        terminal_safe(text)
        terminal_safe(text, multiline=True)
    assert time.process_time() - start < 2.0


def test_a_bug_s_traceback_is_inert(
    org: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import lodestar.scan

    def crash(*args: object, **kwargs: object) -> None:
        raise RuntimeError("parser bug on " + HOSTILE)

    # the CLI reaches the scanner through its face (lodestar.scan), so the face is patched
    monkeypatch.setattr(lodestar.scan, "count_repository", crash)
    monkeypatch.setattr("sys.argv", ["lodestar", "loc", str(org / "repos" / REPO)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 1
    err = capsys.readouterr().err
    _assert_inert(err)
    _assert_shown(err, "RuntimeError: parser bug on", VISIBLE_ESC, LITERAL_MARKUP)


def test_error_with_long_backslash_runs_is_fast(org: Path) -> None:
    # rich.markup.escape backtracks quadratically on runs of backslashes; no markup is parsed
    # (the old error line took 13 s of CPU here for this name, quoted with its 40,000 "\\")
    start = time.process_time()
    out = _run(org, "hotspots", "\\" * 20_000 + "x", code=2)
    assert time.process_time() - start < 2.0
    assert "\\" * 40_000 + "x'" in out


def test_board_report_of_a_hostile_organisation(org: Path, tmp_path: Path) -> None:
    """Names, titles and the organisation's name are text in the board report's page: the
    terminal line is inert, and the page gains no tag, attribute or link from them."""
    from html.parser import HTMLParser

    out = _run(org, "report", "board", "--as-of", AS_OF, "-o", str(tmp_path), "--no-pdf")
    _assert_inert(out)
    html = (tmp_path / "board-2025Q1.html").read_text("utf-8")
    tags: list[str] = []
    links: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            tags.append(tag)
            links.extend(v or "" for a, v in attrs if a == "href")

    Tags().feed(html)
    assert set(tags) <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "header",
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "section",
        "div",
        "span",
        "svg",
        "rect",
        "polyline",
        "circle",
        "text",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "code",
        "a",
    }, set(tags)
    assert links == []  # no --cockpit-url: nothing is linked, least of all evil.example
    assert "Camp" in html and "Init" in html and "KR" in html
    assert "[link=https://evil.example]" in html  # Rich markup stays literal text
