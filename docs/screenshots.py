"""Make the README's screenshots with the app itself: `python docs/screenshots.py`.

Builds the demo center for a fixed day in a temp folder, signs in as each demo role and
saves an SVG of each home screen (and of the actions menu and the complaints list) at 100x30 in
Chinese and English into docs/screenshots/.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DAY = dt.date(2026, 11, 23)
# (file name, who signs in, keys pressed on their home screen, or the screen to open, before the shot)
SHOTS = [("board", "M1", ()), ("visits", "N1", ()), ("callbacks", "C1", ()),
         ("actions", "M1", ("a",)), ("complaints", "M1", "complaints")]
SIZE = (100, 30)


async def _shoot(app, name: str, out: Path, keys=()) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot, app)
        if isinstance(keys, str):
            app.show_screen(keys)
            await _settle(pilot, app)
        elif keys:
            await pilot.press(*keys)
            await _settle(pilot, app)
        app.save_screenshot(filename=out.name, path=str(out.parent))
        print(f"wrote {out.relative_to(ROOT)}")


async def _settle(pilot, app) -> None:
    for _ in range(4):
        await pilot.pause()
        await app.workers.wait_for_complete()


def main() -> None:
    from seeds import demo
    from store import auth, clock
    from store.models import Staff
    from tui.app import make_app

    out_dir = ROOT / "docs" / "screenshots"
    with tempfile.TemporaryDirectory() as tmp:
        target = str(Path(tmp) / "demo.db")
        demo.build(target, today=DAY)
        frozen = clock.FixedClock(clock.at_local(DAY, 10, 0))
        for lang in ("zh", "en"):
            for screen, number, keys in SHOTS:
                staff = Staff.get(Staff.number == number)
                app = make_app(None, clock=frozen, lang=lang, actor=auth.actor_for(staff.id))
                asyncio.run(_shoot(app, screen, out_dir / f"{screen}-{lang}.svg", keys))


if __name__ == "__main__":
    main()
