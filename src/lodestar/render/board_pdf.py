"""Print an HTML file to an A4 PDF with Chromium's print-to-PDF, driven by Playwright.

Playwright is imported only here, when a PDF is asked for; Chromium is the system's (never a
downloaded one): ``$LODESTAR_CHROMIUM``, else the first of ``chromium``, ``chromium-browser``,
``google-chrome`` found on the PATH, else ``/usr/bin/chromium`` (Debian's). Chromium embeds the
subsets of the fonts a page uses, so the PDF carries its fonts. The page is loaded from its
file with every network request refused (a self-contained page makes none; a request would be
a bug, and it cannot leave the machine).

:func:`pdf_printer_problem` says what is missing and what to install, before any work.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path

__all__ = ["CHROMIUM_NAMES", "chromium_executable", "pdf_printer_problem", "print_pdf"]

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
_INSTALL_PLAYWRIGHT = "pip install playwright (Lodestar drives the system's Chromium with it)"
_INSTALL_CHROMIUM = (
    "apt-get install chromium (or set LODESTAR_CHROMIUM to a Chromium or Chrome executable)"
)


def chromium_executable() -> Path | None:
    """``$LODESTAR_CHROMIUM`` when it names a file, else the first Chromium on the PATH."""
    configured = os.environ.get("LODESTAR_CHROMIUM")
    if configured:
        path = Path(configured)
        return path if path.is_file() else None
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    debian = Path("/usr/bin/chromium")  # a PATH without /usr/bin (a service's) still finds it
    return debian if debian.is_file() else None


def pdf_printer_problem() -> str | None:
    """None when a PDF can be printed; else what is missing and how to install it."""
    if importlib.util.find_spec("playwright") is None:
        return f"Playwright is not installed: {_INSTALL_PLAYWRIGHT}"
    if chromium_executable() is None:
        where = os.environ.get("LODESTAR_CHROMIUM")
        if where:
            return f"LODESTAR_CHROMIUM={where} is not a file: {_INSTALL_CHROMIUM}"
        return f"no Chromium found ({', '.join(CHROMIUM_NAMES)}): {_INSTALL_CHROMIUM}"
    return None


def print_pdf(html: Path, pdf: Path) -> None:
    """Print ``html`` (a file) to ``pdf``, A4 with the page's own margins and backgrounds."""
    from playwright.sync_api import sync_playwright  # noqa: PLC0415  optional: a dev dependency

    executable = chromium_executable()
    if executable is None:  # pdf_printer_problem said so first
        raise FileNotFoundError(_INSTALL_CHROMIUM)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(executable), args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route(
                "**/*",
                lambda route: (
                    route.continue_() if route.request.url.startswith("file:") else route.abort()
                ),
            )
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.emulate_media(media="print")
            page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
