"""The CLI's one door to the network: an http(s) URL the user named, fetched only then.

``lodestar catalog update --from URL`` (end-of-life data) and ``lodestar vulns update --from
URL`` (OSV advisories) download through here and nowhere else. The environment's proxies are
honoured (``HTTPS_PROXY``, ``HTTP_PROXY``, ``NO_PROXY``, as urllib reads them), every read has a
timeout, the body has a size cap, and a redirect may only lead to another http(s) URL.
Failures are :class:`~lodestar.errors.UsageError` lines naming the URL (without credentials)
and what to do instead: pass a local file.
"""

from __future__ import annotations

import urllib.error
import urllib.request
from pathlib import Path
from typing import IO, Any

from lodestar.errors import UsageError
from lodestar.safeparse import scrub_url

__all__ = ["TIMEOUT_SECONDS", "download", "download_to", "is_url"]

TIMEOUT_SECONDS = 60.0  # per blocking read, not for the whole body
_CHUNK = 1 << 20


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL (anything else is a local path)."""
    return text.lower().startswith(("http://", "https://"))


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to another http(s) URL (urllib would also follow ftp://)."""

    def redirect_request(
        self, req: Any, fp: IO[bytes], code: int, msg: str, headers: Any, newurl: str
    ) -> urllib.request.Request | None:
        if not is_url(newurl):
            fp.close()
            raise urllib.error.URLError(f"redirected to a non-http(s) URL: {scrub_url(newurl)}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _open(url: str, timeout: float) -> Any:
    if not is_url(url):
        raise UsageError(f"{scrub_url(url)}: not an http(s) URL")
    opener = urllib.request.build_opener(_HttpOnlyRedirects())  # proxies from the environment
    request = urllib.request.Request(url, headers={"User-Agent": "lodestar"})  # noqa: S310  the user named this http(s) URL; the scheme is checked above
    return opener.open(request, timeout=timeout)


def _failed(url: str, exc: BaseException) -> UsageError:
    return UsageError(
        f"{scrub_url(url)}: cannot download ({exc}); download it yourself and pass the file"
    )


def download(url: str, *, max_bytes: int, what: str, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """The body of ``url`` in memory; UsageError when it cannot be had or exceeds
    ``max_bytes`` (``what`` names what was expected, for that message)."""
    try:
        with _open(url, timeout) as response:
            data: bytes = response.read(max_bytes + 1)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise _failed(url, exc) from exc
    if len(data) > max_bytes:
        raise UsageError(f"{scrub_url(url)}: more than {max_bytes >> 20} MiB; not {what}")
    return data


def download_to(
    url: str, folder: Path, *, max_bytes: int, what: str, timeout: float = TIMEOUT_SECONDS
) -> Path:
    """``url`` streamed into a file in ``folder`` (named after the URL's last segment, made
    safe); UsageError as for :func:`download`, and the partial file removed."""
    tail = url.split("?", 1)[0].split("#", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    name = "".join(c if c.isalnum() or c in "._-" else "_" for c in tail)[:100].lstrip(".")
    path = folder / (name or "download")
    try:
        with _open(url, timeout) as response, path.open("wb") as out:
            written = _copy(response, out, max_bytes)
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        path.unlink(missing_ok=True)
        raise _failed(url, exc) from exc
    if written > max_bytes:
        path.unlink(missing_ok=True)
        raise UsageError(f"{scrub_url(url)}: more than {max_bytes >> 20} MiB; not {what}")
    return path


def _copy(response: Any, out: IO[bytes], max_bytes: int) -> int:
    """Bytes copied from ``response`` to ``out``, stopping past ``max_bytes``."""
    written = 0
    while chunk := response.read(_CHUNK):
        written += len(chunk)
        if written > max_bytes:
            break
        out.write(chunk)
    return written
