"""Every literal translation key used in tui/ and screens/ exists in the catalog (both languages).

Scanned: t("area.key") / t('area.key') calls, Binding descriptions (the third argument, an i18n key
by convention, see tui/keys.py) and TITLE_KEY = "area.key". Keys built at run time (f-strings)
cannot be checked here; their tables are covered by the screens' own tests.
"""
from __future__ import annotations

import re
from pathlib import Path

from tui import i18n

ROOT = Path(__file__).resolve().parents[1]
PATTERNS = (
    re.compile(r"""(?:(?<![\w.])|(?<=i18n\.))t\(\s*(["'])([A-Za-z_][\w]*(?:\.[\w]+)+)\1"""),
    re.compile(r"""Binding\(\s*(["'])[^"']*\1\s*,\s*(["'])[^"']*\2\s*,\s*(["'])([a-z_]+(?:\.[\w]+)+)\3"""),
    re.compile(r"""TITLE_KEY\s*=\s*(["'])([a-z_]+(?:\.[\w]+)+)\1"""),
)


def used_keys() -> dict[str, list[str]]:
    """key -> ["file:line", ...] for every literal key in tui/ and screens/."""
    found: dict[str, list[str]] = {}
    for folder in ("tui", "screens"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            text = path.read_text(encoding="utf-8")
            for pattern in PATTERNS:
                for match in pattern.finditer(text):
                    line = text.count("\n", 0, match.start()) + 1
                    found.setdefault(match.group(match.lastindex), []).append(f"{path.relative_to(ROOT)}:{line}")
    return found


def test_the_scanner_finds_keys():
    keys = used_keys()
    assert "handover.key.ack" in keys and "board.title" in keys and "common.app_name" in keys
    assert len(keys) > 100


def test_every_used_key_is_translated():
    catalog = i18n.catalog()
    missing = {key: where for key, where in used_keys().items() if key not in catalog}
    report = "\n".join(f"  {key}  ({', '.join(where[:3])})" for key, where in sorted(missing.items()))
    assert not missing, f"keys used but missing from tui/locales/*.toml:\n{report}"
