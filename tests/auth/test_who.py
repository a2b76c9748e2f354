"""Every event says who sat at the terminal: OS user (SUDO_USER through sudo), tty, ssh client or web session."""
from __future__ import annotations

import csv
import io
import os
import pwd
import re

import pytest

from store import audit, auth, terminal
from store.models import Event
from store.writes import SYSTEM, append_view_event, write
from tests.auth.apps import stub_homes  # noqa: F401 (fixture)
from tests.auth.helpers import add_guest, add_staff


@pytest.fixture
def seat_env(monkeypatch):
    """Set the environment of a session, then read the seat again."""
    def set_env(**values: str | None) -> None:
        for name in ("SUDO_USER", "USER", "SSH_CLIENT", "SSH_CONNECTION", "SSH_TTY", "TEXTUAL_DRIVER"):
            monkeypatch.delenv(name, raising=False)
        for name, value in values.items():
            if value is not None:
                monkeypatch.setenv(name, value)
        terminal.forget()
    return set_env


def _last() -> Event:
    return Event.select().order_by(Event.id.desc()).get()


def test_through_sudo_the_person_their_ssh_tty_and_address_are_recorded(store, seat_env):
    seat_env(SUDO_USER="wang.li", USER="carefloor", SSH_CLIENT="10.0.0.7 52144 22", SSH_TTY="/dev/pts/3")
    add_staff("N1", "林红梅", "nurse", pin="1111")
    auth.login("N1", "1111", terminal.describe())
    event = _last()
    assert (event.action, event.os_user, event.tty, event.client) == ("login", "wang.li", "pts/3", "10.0.0.7:52144")
    assert event.terminal == "wang.li pts/3 10.0.0.7:52144"


def test_without_sudo_the_account_itself_not_what_USER_claims(store, seat_env):
    seat_env(USER="somebody-else", SSH_CONNECTION="fe80::1 40022 fe80::2 22")
    write(SYSTEM, "test.write", lambda tx: tx.record("room", 1))
    event = _last()
    assert event.os_user == pwd.getpwuid(os.geteuid()).pw_name != "somebody-else"
    assert event.client == "[fe80::1]:40022"


def test_every_event_of_a_write_carries_the_seat_system_ones_too(store, seat_env):
    seat_env(SUDO_USER="zhao", SSH_CONNECTION="192.168.1.20 50000 192.168.1.2 22", SSH_TTY="/dev/pts/7")
    guest = add_guest("张晓红")
    write(SYSTEM, "two.things", lambda tx: (tx.record("room", 1), tx.record("guest", guest, guest=guest)))
    append_view_event(SYSTEM, "guest", guest, guest=guest)
    assert {(e.os_user, e.tty, e.client) for e in Event.select()} == {("zhao", "pts/7", "192.168.1.20:50000")}


def test_a_browser_tab_is_web_and_its_session_not_the_servers_ssh_address(store, seat_env):
    """textual-serve runs each tab with the web driver and the server's environment: the ssh
    address of whoever started `carefloor serve` is not the browser's."""
    seat_env(SSH_CLIENT="10.0.0.9 50000 22", SSH_TTY="/dev/pts/1",
             TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver")
    write(SYSTEM, "test.write", lambda tx: tx.record("room", 1))
    write(SYSTEM, "test.write", lambda tx: tx.record("room", 2))
    first, second = Event.select().order_by(Event.id)
    assert first.tty == "web" and re.fullmatch(r"[0-9a-f]{12}", first.client)
    assert second.client == first.client  # one process, one session
    assert "10.0.0.9" not in first.client and "10.0.0.9" not in first.terminal


def test_control_characters_from_the_environment_are_not_stored(store, seat_env):
    seat_env(SUDO_USER="evil\x1b[2J\x07", SSH_TTY="/dev/pts/1\n", SSH_CLIENT="not-an-ip\x1b 1 22")
    write(SYSTEM, "test.write", lambda tx: tx.record("room", 1))
    event = _last()
    for text in (event.os_user, event.tty, event.client):
        assert text.isprintable()
    assert event.os_user.startswith("evil")


def test_the_audit_shows_and_exports_the_seat(store, seat_env):
    seat_env(SUDO_USER="wang.li", SSH_CLIENT="10.0.0.7 52144 22", SSH_TTY="/dev/pts/3")
    manager = auth.actor_for(add_staff("M1", "冯美华", "manager", pin="9999"), terminal.describe())
    guest = add_guest("张晓红")
    append_view_event(manager, "guest", guest, guest=guest)
    [row] = audit.query(manager, audit.AuditFilter(guest=str(guest)))
    assert (row.os_user, row.tty, row.client, row.seat) == ("wang.li", "pts/3", "10.0.0.7:52144",
                                                          "wang.li pts/3 10.0.0.7:52144")
    out = io.StringIO()
    audit.export_csv(manager, audit.AuditFilter(guest=str(guest)), out)
    [exported] = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert (exported["os_user"], exported["tty"], exported["client"]) == ("wang.li", "pts/3", "10.0.0.7:52144")


def test_carefloor_audit_prints_the_seat(sqlite_url, frozen_clock, seat_env, capsys, monkeypatch):
    from store import db as store_db
    from tui.cli import main

    monkeypatch.setenv("CAREFLOOR_LANG", "en")
    store_db.open_database(sqlite_url)
    seat_env(SUDO_USER="wang.li", SSH_CLIENT="10.0.0.7 52144 22", SSH_TTY="/dev/pts/3")
    nurse = auth.actor_for(add_staff("N1", "Lin", "nurse"), terminal.describe())
    guest = add_guest("Zhang")
    append_view_event(nurse, "guest", guest, guest=guest)
    store_db.close()
    seat_env(SUDO_USER="auditor")  # the one reading it is elsewhere
    assert main(["audit", "--db", sqlite_url, "--guest", "Zhang"]) == 0
    [line] = capsys.readouterr().out.splitlines()
    assert "Lin  wang.li pts/3 10.0.0.7:52144  guest.view" in line


@pytest.mark.parametrize("lang,header", [("en", "OS user, tty"), ("zh", "系统账号 终端")])
def test_the_audit_screen_shows_os_user_and_tty_and_the_address_below(sqlite_store, frozen_clock, seat_env,
                                                                        stub_homes, lang, header):
    import asyncio

    from textual.widgets import DataTable, Static

    from screens.audit import AuditScreen
    from tests.auth.apps import build, settle

    seat_env(SUDO_USER="wang.li", SSH_CLIENT="10.0.0.7 52144 22", SSH_TTY="/dev/pts/3")
    manager = auth.actor_for(add_staff("M1", "Chen", "manager"), terminal.describe())
    guest = add_guest("Zhang")
    append_view_event(manager, "guest", guest, guest=guest)

    async def run() -> None:
        app = build(frozen_clock, lang=lang, actor=manager)
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            screen = AuditScreen()
            await app.push_screen(screen)
            await settle(pilot)
            table = screen.query_one("#audit-table", DataTable)
            assert [str(c.label) for c in table.columns.values()][2] == header
            assert str(table.get_row_at(0)[2]) == "wang.li pts/3"
            assert "wang.li pts/3 10.0.0.7:52144" in str(screen.query_one("#audit-detail", Static).render())

    asyncio.run(run())
