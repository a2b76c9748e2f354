"""Browser mode end to end: `carefloor serve`, a browser's websocket, sign in, the board arrives;
and the gate in front of it: wrong Host, wrong Origin, no token or a wrong one get 403 and no upgrade."""
from __future__ import annotations

import asyncio
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

ROOT = Path(__file__).resolve().parents[2]
ESCAPES = re.compile(rb"\x1b\[[0-9;?]*[A-Za-z]")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(db, port: int, *extra: str):
    """`carefloor serve` in a child; returns (process, the address it printed)."""
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--db", str(db), "--port", str(port),
                             "--lang", "en", *extra], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    line = proc.stdout.readline().decode("utf-8", "replace")  # printed before it listens
    found = re.search(rf"http://127\.0\.0\.1:{port}/([A-Za-z0-9_-]{{20,}})/", line)
    if found is None:
        _stop(proc)
        raise AssertionError(f"no address with a token in: {line!r}")
    _wait_for_port(port, proc)
    return proc, found.group(0)


def _stop(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


def _wait_for_port(port: int, proc, seconds: float = 20) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if proc.poll() is not None:
            raise AssertionError(f"serve exited: {proc.stdout.read().decode(errors='replace')}")
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise AssertionError("serve did not listen")


class Browser:
    """The websocket side of a browser tab: what the terminal would show, as plain text."""

    def __init__(self, ws) -> None:
        self.ws, self.seen = ws, b""

    async def wait_for(self, text: str, seconds: float = 20) -> bool:
        end = asyncio.get_running_loop().time() + seconds
        while asyncio.get_running_loop().time() < end:
            if text in ESCAPES.sub(b"", self.seen).decode("utf-8", "replace"):
                return True
            try:
                msg = await asyncio.wait_for(self.ws.receive(), 0.5)
            except asyncio.TimeoutError:
                continue
            if msg.type == aiohttp.WSMsgType.BINARY:
                self.seen += msg.data
            elif msg.type not in (aiohttp.WSMsgType.TEXT,):
                return False
        return False

    async def type(self, text: str) -> None:
        self.seen = b""
        await self.ws.send_json(["stdin", text])


@pytest.fixture
def demo_db(tmp_path):
    db = tmp_path / "demo.db"
    subprocess.run([sys.executable, "-m", "tui.cli", "demo", "--db", str(db), "--today", "2026-11-23"],
                   cwd=ROOT, check=True, capture_output=True)
    return db


def test_a_browser_tab_signs_in_and_gets_the_board(demo_db):
    port = _free_port()
    proc, url = _start(demo_db, port)
    try:
        async def session() -> None:
            async with aiohttp.ClientSession() as http:
                page = await (await http.get(url)).text()
                assert "textual" in page.lower() and f"ws://127.0.0.1:{port}{url.split(str(port))[1]}ws" in page
                async with http.ws_connect(f"{url}ws?width=100&height=30", origin=f"http://127.0.0.1:{port}") as ws:
                    tab = Browser(ws)
                    assert await tab.wait_for("PIN"), "no login screen in the browser"
                    await tab.type("M1\r")
                    await asyncio.sleep(0.3)
                    await tab.type("9999\r")
                    assert await tab.wait_for("601"), "no board after signing in"

        asyncio.run(session())
    finally:
        _stop(proc)
    _signed_in_from_the_web(demo_db)


def test_only_this_machines_pages_with_this_launchs_token_get_in(demo_db):
    """DNS rebinding (Host), another site's page (Origin), another OS user (no token): all 403, and
    no WebSocket upgrade; the right ones pass (200, and 101 on localhost too)."""
    port = _free_port()
    proc, url = _start(demo_db, port)
    token = url.rstrip("/").rsplit("/", 1)[1]
    base, own = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port}"
    try:
        async def probe() -> None:
            async with aiohttp.ClientSession() as http:
                async def status(path: str, **headers) -> int:
                    async with http.get(base + path, headers=headers, allow_redirects=False) as response:
                        return response.status

                assert await status(f"/{token}/") == 200
                assert await status(f"/{token}/static/js/textual.js") == 200
                assert await status(f"/{token}/", Host=f"localhost:{port}") == 200
                assert await status(f"/{token}") == 308
                for path in ("/", "/ws", "/static/js/textual.js", f"/{token[:-1]}x/", "/x" + token + "/",
                             f"/{token.upper() if token.upper() != token else token.lower()}/"):
                    assert await status(path) == 403, path
                assert await status(f"/{token}/", Host="evil.example") == 403
                assert await status(f"/{token}/", Host=f"evil.example:{port}") == 403
                assert await status(f"/{token}/", Host="127.0.0.1:1") == 403
                assert await status(f"/{token}/", Origin="http://evil.example") == 403
                assert await status(f"/{token}/", Origin=f"http://127.0.0.1:{port}") == 200

                async def upgrade(path: str, origin: str | None, **headers) -> int:
                    try:
                        async with http.ws_connect(base + path, origin=origin, headers=headers) as ws:
                            await ws.close()
                            return 101
                    except aiohttp.WSServerHandshakeError as refused:
                        return refused.status

                assert await upgrade(f"/{token}/ws", "http://evil.example") == 403
                assert await upgrade(f"/{token}/ws", "null") == 403
                assert await upgrade(f"/{token}/ws", None) == 403  # a browser always says where from
                assert await upgrade("/ws", own) == 403
                assert await upgrade(f"/{token}x/ws", own) == 403
                assert await upgrade(f"/{token}/ws", own, Host="evil.example") == 403
                assert await upgrade(f"/{token}/ws", f"http://localhost:{port}") == 101

        asyncio.run(probe())
    finally:
        _stop(proc)


def _signed_in_from_the_web(db) -> None:
    """The audit says the sign-in came from a browser tab, with its session, not the server's tty."""
    from store import db as store_db
    from store.models import Event

    store_db.open_database(str(db))
    try:
        login = Event.select().where(Event.action == "login").order_by(Event.id.desc()).get()
    finally:
        store_db.close()
    assert login.tty == "web" and re.fullmatch(r"[0-9a-f]{12}", login.client), (login.tty, login.client)
    assert login.terminal == f"{login.os_user} web {login.client}"
