"""Every registered screen shows planted hostile text inert: no raw control character reaches the
terminal, and markup in stored text stays text ("[b]ZQ[/b]" is shown, never made bold).

The screens come from the registry (tui/screens_registry.py), so a new screen joins this test; one
whose constructor needs something this test cannot give fails here until OPENERS says how.
"""
from __future__ import annotations

import inspect

import pytest

from store import db as store_db
from tests.centers import copy_center
from tests.inert.corpus import MARK, markup_obeyed, raw_in
from tests.inert.plant import Planted, draft, plant
from tests.lifecycle.pilot import settle
from tui import i18n
from tui.guest_actions import ACTIONS
from tui.screens_registry import SCREENS, screen_class

# screens that show no stored text at all (the rest must show some of the planted text)
SHOW_NOTHING_STORED = {"help", "login", "new_contract", "consultation", "complaint", "discharge", "survey"}
STAY_STATUS = {a.screen: a.stay[0] for a in ACTIONS if a.stay}  # the stay a per-stay form opens on


@pytest.fixture(scope="module")
def planted_db(demo_template, tmp_path_factory):
    """The demo center with the corpus planted; each test opens its own copy."""
    from store import clock
    from tests.conftest import DEFAULT_NOW

    path = tmp_path_factory.mktemp("planted") / "planted.db"
    copy_center(demo_template, path)
    previous = clock._clock
    clock.install(clock.FixedClock(DEFAULT_NOW))
    store_db.open_database(str(path))
    try:
        ids = plant()
    finally:
        store_db.close()
        clock.install(previous)
    return path, ids


@pytest.fixture
def opened(planted_db, tmp_path, frozen_clock):
    path, ids = planted_db
    copy = tmp_path / "center.db"
    copy_center(path, copy)
    store_db.open_database(str(copy))
    yield ids
    store_db.close()
    i18n.set_language("zh")


def open_screen(app, name: str, ids: Planted):
    """The registered screen `name`, built with the planted ids its constructor asks for."""
    if name == "help":
        from screens.help import HelpScreen

        return HelpScreen.for_screen(app.screen)
    cls = screen_class(name)
    known = {**ids.ids(), "stay_id": ids.signed_stay if STAY_STATUS.get(name) == "signed" else ids.admitted_stay}
    kwargs = {}
    for param in list(inspect.signature(cls.__init__).parameters.values())[1:]:
        if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
            continue
        if param.name in known:
            kwargs[param.name] = known[param.name]
        elif param.default is param.empty:
            raise AssertionError(f"screen {name!r} needs {param.name}=: tell tests/inert/test_screens.py how to open it")
    return cls(**kwargs)


def rendered(app) -> str:
    """What the terminal is sent for the top screen (and what shows through from below), row by row."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(segment.text for segment in strip) for strip in strips)


def assert_inert(text: str, where: str) -> None:
    rows = text.split("\n")
    raw = [repr(row.strip())[:160] for row in rows if raw_in(row)][:4]
    assert raw == [], f"{where}: raw control characters reach the terminal in\n" + "\n".join(raw)
    obeyed = [row.strip()[:120] for row in rows if markup_obeyed(row)][:4]
    assert obeyed == [], f"{where}: stored markup was interpreted in\n" + "\n".join(obeyed)


async def _walk(ids: Planted, lang: str, size=(120, 40)) -> dict[str, str]:
    """Open every registered screen in turn over the home screen (one app: a start per screen cost
    the suite minutes); what each one got wrong, by name."""
    from store.auth import actor_for
    from tui.app import make_app

    problems: dict[str, str] = {}
    app = make_app(None, lang=lang, actor=actor_for(ids.manager_id, "test"))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        assert_inert(rendered(app), "home screen")
        for name in sorted(SCREENS):
            app.push_screen(open_screen(app, name, ids))
            await settle(pilot)
            await pilot.pause(0.1)  # a toast or a late refresh
            text = rendered(app)
            try:
                assert_inert(text, name)
                if name not in SHOW_NOTHING_STORED:
                    assert f"[b]{MARK}" in text, f"{name} shows none of the planted text: the test proves nothing there"
            except AssertionError as exc:
                problems[name] = str(exc)
            while len(app.screen_stack) > 2:
                app.pop_screen()
            await settle(pilot)
    return problems


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_screen_shows_planted_text_inert(opened, lang):
    import asyncio

    problems = asyncio.run(_walk(opened, lang))
    assert problems == {}, "\n\n".join(problems.values())


@pytest.mark.slow
def test_a_planted_draft_offered_back_at_sign_in_is_inert(opened):
    import asyncio

    from store.auth import actor_for
    from tui.app import make_app

    draft(opened.manager_id)

    async def run():
        app = make_app(None, lang="en", actor=actor_for(opened.manager_id, "test"))
        async with app.run_test(size=(100, 30)) as pilot:
            await settle(pilot)
            assert type(app.screen).__name__ == "QuickNoteDialog"
            return rendered(app)

    text = asyncio.run(run())
    assert_inert(text, "draft dialog")
    assert f"[b]{MARK}" in text


@pytest.mark.slow
def test_palette_actions_menu_and_notifications_show_planted_text_inert(opened):
    """What appears on the way: the palette's guest and room hits, the actions menu's title, the
    notification after a quick note (it names the guest)."""
    import asyncio

    from store.auth import actor_for
    from tui.app import make_app

    async def run() -> dict[str, str]:
        seen = {}
        app = make_app(None, lang="en", actor=actor_for(opened.manager_id, "test"))
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("ctrl+p")
            await pilot.press("left_square_bracket", "b", "right_square_bracket", *MARK)  # the marker, typed
            await pilot.pause(0.5)
            await settle(pilot)
            seen["palette"] = rendered(app)
            await pilot.press("escape")
            await settle(pilot)
            app.push_screen(open_screen(app, "guest_file", opened))
            await settle(pilot)
            await pilot.press("a")
            await settle(pilot)
            seen["actions"] = rendered(app)
            await pilot.press("escape")
            await settle(pilot)
            app.push_screen(open_screen(app, "visits", opened))  # its highlighted guest takes the note
            await settle(pilot)
            await pilot.press("n")
            await settle(pilot)
            await pilot.press(*"ok", "enter")
            await settle(pilot)
            notes = [n for n in app._notifications if "Noted for" in n.message]
            assert notes and not notes[0].markup, "the note's notification, as plain text"
            seen["notified"] = notes[0].message
        return seen

    seen = asyncio.run(run())
    for where in ("palette", "actions"):
        assert_inert(seen[where], where)
    assert f"Guest: [b]{MARK}" in seen["palette"]
    assert f"Actions · [b]{MARK}" in seen["actions"]
    assert raw_in(seen["notified"], lines=True) == [] and f"[b]{MARK}" in seen["notified"]
