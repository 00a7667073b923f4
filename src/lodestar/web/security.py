"""Access control and security headers of the cockpit.

* Bound to 127.0.0.1 (the default) the cockpit is open to the local user only. Bound to any
  other address, :func:`lodestar.web.server.check_binding` requires an access token or a trusted
  proxy header, and this middleware refuses (401) every request that carries neither.
* The token is accepted as ``Authorization: Bearer TOKEN`` or as the ``lodestar_token`` cookie,
  which a visit to any page with ``?token=TOKEN`` sets (HttpOnly, SameSite=Strict) before
  redirecting to the same page without the token in the address.
* ``trust_proxy_header``: a reverse proxy that authenticates users sets this header on the
  requests it forwards (and strips it from incoming ones); a request with the header non-empty is
  let in.
* Every response carries a strict Content-Security-Policy (scripts only from the cockpit's own
  static files, no inline scripts or styles, no plugins, no framing), ``nosniff``, a no-referrer
  policy and ``X-Frame-Options: DENY``.
"""

from __future__ import annotations

import hmac
from collections.abc import Awaitable, Callable
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

COOKIE = "lodestar_token"
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _same(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


class Guard:
    """Decides whether a request may in, and adds the security headers to every response."""

    def __init__(self, token: str | None = None, trust_proxy_header: str | None = None) -> None:
        self.token = token or None
        self.proxy_header = trust_proxy_header.lower() if trust_proxy_header else None

    @property
    def open(self) -> bool:
        return self.token is None and self.proxy_header is None

    def allowed(self, request: Request) -> bool:
        if self.open:
            return True
        if self.proxy_header and request.headers.get(self.proxy_header, "").strip():
            return True
        if self.token is None:
            return False
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer ") and _same(auth[7:].strip(), self.token):
            return True
        return _same(request.cookies.get(COOKIE), self.token)

    async def __call__(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        response = await self._dispatch(request, call_next)
        for name, value in HEADERS.items():
            response.headers[name] = value
        return response

    async def _dispatch(
        self, request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        given = request.query_params.get("token")
        if self.token is not None and given is not None and request.method == "GET":
            if not _same(given, self.token):
                return PlainTextResponse("invalid access token", status_code=401)
            rest = [(k, v) for k, v in request.query_params.multi_items() if k != "token"]
            target = request.url.path + ("?" + urlencode(rest) if rest else "")
            redirect = RedirectResponse(target, status_code=303)
            redirect.set_cookie(
                COOKIE,
                self.token,
                httponly=True,
                samesite="strict",
                secure=request.url.scheme == "https",
            )
            return redirect
        if not self.allowed(request):
            return PlainTextResponse(
                "access token required: send 'Authorization: Bearer TOKEN' or open /?token=TOKEN",
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="lodestar"'},
            )
        return await call_next(request)
