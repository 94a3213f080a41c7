"""What every request to the app must pass, and what every response carries: one ASGI middleware.

- **Host.** The Host header must name the app by an IP address, `localhost`, or a name given
  with `--allowed-host` (a reverse proxy's). A page on another site that points its own name
  at 127.0.0.1 (DNS rebinding) is refused, so it cannot use the app's API from a browser.
- **Origin.** A browser request made by another site is refused: an `Origin` that is not the
  app's own, or a state-changing request (POST…) marked cross-site by `Sec-Fetch-Site`. So a
  page elsewhere cannot upload to the library, ask, or read answers with a learner's cookies.
  Clients that are not browsers send neither header; they hold no one's cookies.
- **Login.** With accounts, a client that has not logged in reaches the login page and what it
  loads, nothing else (no API, queue, config, upload or file route), and the login page is
  sent without the description of the API that Gradio puts in it.
- **Headers.** Every response carries a Content-Security-Policy: scripts only from the app,
  inline ones only with the page's nonce (added here to Gradio's own); images, fonts and
  connections only from the app, so no document text can make the browser fetch elsewhere;
  no plugins; forms post only to the app; no framing (also X-Frame-Options: DENY). And
  nosniff, and no Referer.

Not here: starting the server (serve.py), checking passwords (accounts.py).
"""

from __future__ import annotations

import ipaddress
import json
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# What the login page needs before anyone has logged in (Gradio's page, its scripts and styles),
# and the call Gradio's launch() makes to itself before it returns (it runs start-up events once).
_OPEN_PATHS = {"/", "/login", "/login/", "/logout", "/favicon.ico", "/manifest.json", "/robots.txt", "/theme.css",
               "/gradio_api/theme.css", "/gradio_api/login_check", "/gradio_api/app_id",
               "/gradio_api/startup-events"}
_OPEN_PREFIXES = ("/assets/", "/static/", "/svelte/")

_SCRIPT_TAG = re.compile(rb"<script(?=[\s>])", re.IGNORECASE)
_API_INFO = re.compile(rb"(window\.gradio_api_info = ).*?(;</script>)", re.DOTALL)


def content_security_policy(nonce: str | None = None) -> str:
    """The policy; with a nonce (an HTML page), inline scripts carrying it run, and scripts
    they load run too ('strict-dynamic': Gradio loads its components that way)."""
    scripts = f"'nonce-{nonce}' 'strict-dynamic'" if nonce else "'self'"
    return ("default-src 'self'; "
            f"script-src 'self' {scripts}; "
            "style-src 'self' 'unsafe-inline'; "  # Gradio's components set inline styles
            "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' data: blob:; "
            "connect-src 'self'; worker-src 'self' blob:; frame-src 'self'; object-src 'none'; "
            "base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


def _headers(nonce: str | None) -> list[tuple[bytes, bytes]]:
    return [(b"content-security-policy", content_security_policy(nonce).encode()),
            (b"x-frame-options", b"DENY"), (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"no-referrer"), (b"cross-origin-opener-policy", b"same-origin")]


def host_name(host: str) -> str:
    """The name in a Host header or URL netloc, without its port ("[::1]:7860" -> "::1")."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].partition("]")[0]
    return host.rpartition(":")[0] if host.count(":") == 1 else host


def host_allowed(host: str | None, allowed: frozenset[str]) -> bool:
    name = host_name(host or "")
    if not name:
        return False
    if name == "localhost" or name in allowed:
        return True
    try:  # an address cannot be rebound: a page that names it is on that machine
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def same_origin(origin: str, host: str, allowed: frozenset[str]) -> bool:
    """Whether a browser's Origin is this app: the same host and port as the request's Host, or a
    name the app was told it is served as (behind a proxy that rewrites Host)."""
    parts = urlsplit(origin.strip().lower())
    if not parts.scheme or not parts.netloc:  # "null": a sandboxed frame, a file, a redirect chain
        return False
    return parts.netloc == host.strip().lower() or (parts.hostname or "") in allowed


@dataclass(frozen=True)
class Policy:
    allowed_hosts: frozenset[str] = frozenset()  # names besides addresses and localhost
    login_required: bool = False  # the app has accounts


class WebGuard:
    """The ASGI middleware; give it to Gradio's app (serve.py)."""

    def __init__(self, app, policy: Policy) -> None:
        self.app = app
        self.policy = policy

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])}
        logged_in = self._logged_in(scope, headers)
        refused = self._refusal(scope, headers, logged_in)
        if refused is not None:
            await _refuse(scope, send, *refused)
            return
        if scope["type"] == "websocket":
            await self.app(scope, receive, send)
            return
        # Only the app's page gets a nonce for its scripts: any other HTML (a file served by the file
        # route) runs no inline script.
        page = scope.get("path") in ("/", "")
        await self.app(scope, receive, _Responder(send, page, strip_api=self.policy.login_required and not logged_in))

    def _refusal(self, scope, headers: dict[str, str], logged_in: bool) -> tuple[int, str] | None:
        allowed = self.policy.allowed_hosts
        host = headers.get("host", "")
        if not host_allowed(host, allowed):
            return 403, (f"This app is not served as {host_name(host) or '(no host)'}. If that is its name "
                         "(behind a reverse proxy), start it with --allowed-host NAME.")
        origin = headers.get("origin")
        if origin is not None and not same_origin(origin, host, allowed):
            return 403, "A request from another site is refused."
        method = scope.get("method", "GET")
        if method not in SAFE_METHODS and headers.get("sec-fetch-site") in ("cross-site", "same-site"):
            return 403, "A request from another site is refused."
        path = scope.get("path", "/")
        if self.policy.login_required and not logged_in and not (
                path in _OPEN_PATHS or path.startswith(_OPEN_PREFIXES)):
            return 401, "Log in first: open the app's page in a browser, or give gradio_client auth=(name, password)."
        return None

    @staticmethod
    def _logged_in(scope, headers: dict[str, str]) -> bool:
        """Whether the request carries a session cookie Gradio's login issued."""
        app = scope.get("app")
        cookie_id, tokens = getattr(app, "cookie_id", None), getattr(app, "tokens", None)
        if not cookie_id or not tokens:
            return False
        from starlette.requests import cookie_parser

        cookies = cookie_parser(headers.get("cookie", ""))
        token = cookies.get(f"access-token-{cookie_id}") or cookies.get(f"access-token-unsecure-{cookie_id}")
        return bool(token) and token in tokens


async def _refuse(scope, send, status: int, message: str) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.close", "code": 1008})
        return
    body = json.dumps({"error": message, "detail": message}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *_headers(None)]})
    await send({"type": "http.response.body", "body": body})


class _Responder:
    """Wraps `send`: adds the headers to every response; gives the app's page's scripts the nonce
    its policy names (and, before login, takes the API description out of it)."""

    def __init__(self, send, page: bool, strip_api: bool) -> None:
        self.send, self.page, self.strip_api = send, page, strip_api
        self.start: dict | None = None
        self.body = b""

    async def __call__(self, message) -> None:
        if message["type"] == "http.response.start":
            types = [v for k, v in message.get("headers", []) if k.lower() == b"content-type"]
            if self.page and types and types[0].startswith(b"text/html"):
                self.start = message  # held until the page is complete
                return
            message["headers"] = [*message.get("headers", []), *_headers(None)]
            await self.send(message)
        elif message["type"] == "http.response.body" and self.start is not None:
            self.body += message.get("body", b"")
            if not message.get("more_body"):
                await self._send_page()
        else:
            await self.send(message)

    async def _send_page(self) -> None:
        nonce = secrets.token_urlsafe(18)
        page = _SCRIPT_TAG.sub(b'<script nonce="' + nonce.encode() + b'"', self.body)
        if self.strip_api:
            page = _API_INFO.sub(rb"\1{}\2", page)
        headers = [(k, v) for k, v in self.start.get("headers", []) if k.lower() != b"content-length"]
        self.start["headers"] = [*headers, (b"content-length", str(len(page)).encode()), *_headers(nonce)]
        await self.send(self.start)
        await self.send({"type": "http.response.body", "body": page})
