"""The shell: sign in / lock, home screens, keymap from config, config file, live refresh from another process."""
from __future__ import annotations

import subprocess
import sys
import textwrap
import time

import pytest

from screens.board import BoardScreen
from tests.screens.center import actor
from tests.screens.helpers import build_app, run, screen_text, settle
from tui.config import Config, ConfigError, load_config, parse_config
from tui.live import ChangeWatcher


@run
async def test_without_actor_the_login_screen_shows_and_no_guest_data(center, frozen_clock):
    app = build_app(frozen_clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ in {"LoginScreen", "LoginUnavailableScreen"}
        assert "张晓红" not in screen_text(app) and app.actor is None


@run
async def test_lock_drops_guest_screens_and_sign_in_goes_home(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.show_screen("guest_file", guest_id=center["601"])
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert app.actor is None and len(app.screen_stack) == 2
        assert not any(getattr(s, "GUEST_DATA", False) for s in app.screen_stack)
        assert "张晓红" not in screen_text(app)
        app.sign_in(actor())
        await settle(pilot)
        assert isinstance(app.screen, BoardScreen) and app.home_name() == "board"
        nurse = actor("nurse", name="李护士")
        app.sign_in(nurse)
        await settle(pilot)
        assert app.home_name() == "visits" and len(app.screen_stack) == 2


@run
async def test_in_a_wellness_center_the_manager_lands_on_the_appointments(center, frozen_clock):
    from screens.appointments import AppointmentsScreen
    from store.settings import put_setting
    from store.writes import SYSTEM, write

    write(SYSTEM, "settings.kind", lambda tx: put_setting(tx, "center_kind", "wellness"))
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, AppointmentsScreen) and app.home_name() == "appointments"


@run
async def test_header_shows_center_local_time_and_who(center, frozen_clock):
    app = build_app(frozen_clock, lang="zh", actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        header = screen_text(app).splitlines()[0]
        assert "悦月子中心" in header and "2026-11-23 周一 10:00" in header and "王店长 (店长)" in header
        frozen_clock.advance(minutes=5)
        await pilot.pause(1.2)
        assert "10:05" in screen_text(app).splitlines()[0]


@run
async def test_keymap_from_config_remaps_a_binding(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor(), keymap={"board.filter": "f", "board.floor8": "e"})
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        assert app.screen.current_card().card.number == "801"
        await pilot.press("f", *"zxh")
        assert app.screen.query_text == "zxh"


@run
async def test_high_contrast_theme_from_config(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor(), theme="carefloor-contrast")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert app.theme == "carefloor-contrast"
        assert app.get_css_variables()["status-text"] == "#ffffff"
        # drawn in it from the first frame: the stylesheet was parsed with its colours
        assert app.screen.styles.background.hex.lower() == "#000000"
        assert "-theme-carefloor-contrast" in app.classes and "-theme-carefloor-dark" not in app.classes


def test_unknown_theme_is_refused_with_the_choices(sqlite_store, frozen_clock):
    with pytest.raises(ConfigError, match="carefloor-contrast"):
        build_app(frozen_clock, theme="neon")


def test_config_file_is_read_and_checked(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    path.write_text('lang = "en"\npoll_ms = 500\n[keymap]\n"board.filter" = "f"\n', encoding="utf-8")
    config = load_config(path)
    assert (config.lang, config.poll_ms, config.keymap) == ("en", 500, {"board.filter": "f"})
    assert config.with_overrides(lang="zh", theme=None).lang == "zh"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "none"))
    assert load_config() == Config()  # no default file: defaults
    with pytest.raises(ConfigError, match="poll_ms"):
        parse_config({"poll_ms": 1}, "c.toml")
    with pytest.raises(ConfigError, match="unknown key 'langauge'"):
        parse_config({"langauge": "zh"}, "c.toml")
    with pytest.raises(ConfigError, match="does not exist"):
        load_config(tmp_path / "missing.toml")
    path.write_text("lang = ", encoding="utf-8")
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_config(path)


def test_cli_refuses_a_bad_config_in_one_line(tmp_path, capsys):
    from tui.cli import main

    bad = tmp_path / "c.toml"
    bad.write_text('theme = 3\n', encoding="utf-8")
    assert main(["--db", str(tmp_path / "x.db"), "--config", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "theme must be" in err


WRITER = textwrap.dedent("""
    import sys
    from store import db
    from store.models import Room
    from store.writes import SYSTEM, write
    db.open_database(sys.argv[1])
    def apply(tx):
        Room.update(status="cleaning").where(Room.number == "605").execute()
        tx.record("room", 5, {"status": "vacant"}, {"status": "cleaning"})
    write(SYSTEM, "room.status", apply)
""")


def _writer(path: str) -> None:
    subprocess.run([sys.executable, "-c", WRITER, path], check=True, cwd=str(_root()), timeout=30)


def _root():
    from pathlib import Path

    return Path(__file__).resolve().parents[2]


@run
async def test_a_change_by_another_process_shows_without_a_keypress(center, frozen_clock, sqlite_url):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("right", "down")  # cursor on 607: it must stay there
        assert "清洁中" not in screen_text(app) and "Cleaning 2" in screen_text(app)
        _writer(sqlite_url)
        started = time.monotonic()
        while "Cleaning 3" not in screen_text(app) and time.monotonic() - started < 3:
            await pilot.pause(0.05)
        assert "Cleaning 3" in screen_text(app)
        assert app.screen.current_card().card.number == "607"
        card = next(c for s in app.screen.sections for c in s.cards if c.card.number == "605")
        assert card.card.status == "cleaning" and "605" in screen_text(app)


def test_watcher_sees_own_writes_and_other_connections(sqlite_store, sqlite_url):
    from store.writes import SYSTEM, write

    watcher = ChangeWatcher()
    assert watcher.poll() is None
    write(SYSTEM, "x.y", lambda tx: None)  # this connection: data_version does not move
    assert watcher.poll() == watcher.last_event_id > 0
    assert watcher.poll() is None
    _writer(sqlite_url)  # another process
    assert watcher.poll() is not None


def test_watcher_polls_event_id_when_there_is_no_data_version():
    ids = iter([1, 1, 2])
    watcher = ChangeWatcher(data_version=lambda: None, latest_event_id=lambda: next(ids), local_changes=lambda: 0)
    assert watcher.poll() is None
    assert watcher.poll() == 2


@run
async def test_a_load_that_lands_after_the_lock_is_dropped_not_a_crash(center, frozen_clock):
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        board = app.screen
        loaded = board.board
        app.lock()  # the board leaves the stack now; its widgets go a moment later
        board._show_loaded(loaded)  # a worker finishing in that moment: must not touch them
        await settle(pilot)
        assert app.actor is None and board.loads == 1


@run
async def test_a_poll_while_the_app_shuts_down_is_harmless(center, frozen_clock):
    """The poll timer can tick after the last screen has gone (seen once in CI): no crash."""
    app = build_app(frozen_clock, actor=actor())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        app.watcher.poll = lambda: app.last_event_id + 1  # as if another terminal wrote
        stack = app._screen_stack[:]
        app._screen_stack.clear()
        try:
            app.poll_changes()
        finally:
            app._screen_stack.extend(stack)
        assert app.last_event_id > 0
