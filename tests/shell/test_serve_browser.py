"""Browser mode end to end: `carefloor serve`, a browser's websocket, sign in, the board arrives."""
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
    proc = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", "--db", str(demo_db), "--port", str(port),
                             "--lang", "en"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_for_port(port, proc)

        async def session() -> None:
            async with aiohttp.ClientSession() as http:
                page = await (await http.get(f"http://127.0.0.1:{port}/")).text()
                assert "textual" in page.lower()
                async with http.ws_connect(f"http://127.0.0.1:{port}/ws?width=100&height=30") as ws:
                    tab = Browser(ws)
                    assert await tab.wait_for("PIN"), "no login screen in the browser"
                    await tab.type("M1\r")
                    await asyncio.sleep(0.3)
                    await tab.type("9999\r")
                    assert await tab.wait_for("601"), "no board after signing in"

        asyncio.run(session())
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
    _signed_in_from_the_web(demo_db)


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
