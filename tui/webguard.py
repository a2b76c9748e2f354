"""`carefloor serve`'s gate in front of textual-serve: this machine's browser, with this launch's token.

textual-serve has no authentication of its own, and binding to 127.0.0.1 alone is not enough:
- a web page from anywhere can make the browser resolve its own name to 127.0.0.1 (DNS
  rebinding): its requests then carry `Host: evil.example`;
- any page open in that browser can open a WebSocket to 127.0.0.1: it carries its own `Origin`;
- every other OS user of the machine can connect to 127.0.0.1 too.
So every request must name this server (`Host` 127.0.0.1:PORT or localhost:PORT), come from its
own pages if it says where from (`Origin`; a WebSocket upgrade must say, as browsers always do),
and start with `/TOKEN/`: a random token made at each launch and shown only to the person who
started it. Anything else gets 403 before textual-serve sees it: no page, no WebSocket upgrade,
no app process.

This is the one module that reaches into textual-serve's internals (`Server._make_app`, to mount
its app under the token and put the gate in front); textual-serve is pinned exactly in
pyproject.toml for that reason, and tests/shell/test_serve_browser.py checks the gate end to end.
File downloads through the browser (textual-serve's /download, which its page asks for without
the token) are therefore refused: carefloor writes exports on the server.
"""
from __future__ import annotations

import hmac
import secrets

from aiohttp import web
from textual_serve.server import Server

HOST = "127.0.0.1"


def new_token() -> str:
    return secrets.token_urlsafe(24)


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset({f"127.0.0.1:{port}", f"localhost:{port}"})


def refusal(request: web.BaseRequest, port: int, token: str) -> str | None:
    """Why `request` is refused (for the log), or None when it may pass."""
    hosts = allowed_hosts(port)
    if request.headers.get("Host", "").lower() not in hosts:
        return "host"
    origin = request.headers.get("Origin")
    if origin is not None and origin.lower() not in {f"http://{h}" for h in hosts}:
        return "origin"
    if origin is None and request.headers.get("Upgrade", "").lower() == "websocket":
        return "origin"
    first = request.rel_url.raw_path[1:].split("/", 1)[0]
    if not hmac.compare_digest(first.encode("utf-8", "replace"), token.encode("ascii")):
        return "token"
    return None


def gate(port: int, token: str):
    """The aiohttp middleware: 403 for anything `refusal` names; /TOKEN goes on to /TOKEN/."""

    @web.middleware
    async def middleware(request: web.Request, handler):
        if refusal(request, port, token) is not None:
            raise web.HTTPForbidden(text="403: open the address carefloor serve printed, on this machine\n")
        if request.rel_url.raw_path == f"/{token}":
            raise web.HTTPPermanentRedirect(f"/{token}/")
        return await handler(request)

    return middleware


class GuardedServer(Server):
    """textual-serve's Server with its app mounted under `/TOKEN/` behind the gate."""

    def __init__(self, command: str, port: int, token: str, title: str):
        super().__init__(command, host=HOST, port=port, title=title)
        self.token = token

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}/{self.token}/"

    async def _make_app(self) -> web.Application:
        inner = await super()._make_app()
        root = web.Application(middlewares=[gate(self.port, self.token)])
        root.add_subapp(f"/{self.token}/", inner)
        return root

    async def on_startup(self, app: web.Application) -> None:
        """Quiet: textual-serve would print its address without the token (carefloor prints the real one)."""
