"""Every visible string exists in both languages."""
from __future__ import annotations

from tui import i18n


def test_every_key_has_zh_and_en():
    missing = {key: sorted(set(i18n.LANGS) - set(entry)) for key, entry in i18n.catalog().items()
               if not all(entry.get(lang, "").strip() for lang in i18n.LANGS)}
    assert missing == {}


def test_placeholders_match_between_languages():
    import string

    def names(text):
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    bad = [key for key, entry in i18n.catalog().items() if names(entry["zh"]) != names(entry["en"])]
    assert bad == []


def test_t_uses_current_language():
    i18n.set_language("en")
    assert i18n.t("common.quit") == "Quit"
    i18n.set_language("zh")
    assert i18n.t("common.quit") == "退出"


def test_detect_language_from_locale(monkeypatch):
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert i18n.detect_language() == "zh"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert i18n.detect_language() == "en"
    assert i18n.detect_language("zh") == "zh"


def test_every_area_is_in_the_file_named_after_it():
    """t() reads <area>.toml for an area's first key: an area kept elsewhere would read every file."""
    import tomllib

    misplaced = []
    for path in sorted(i18n.LOCALES.glob("*.toml")):
        areas = tomllib.loads(path.read_text(encoding="utf-8"))
        misplaced += [f"{path.name}: [{area}]" for area in areas if area != path.stem]
    known = {"store_messages.toml: [store_fields]", "store_messages.toml: [store_terms]"}  # read by tui/store_messages.py
    assert sorted(set(misplaced) - known) == []


def test_t_reads_only_the_area_asked_for(monkeypatch):
    expected = i18n.catalog()["board.title"]["en"]
    opened = []
    real = i18n._read
    monkeypatch.setattr(i18n, "_areas", {})
    monkeypatch.setattr(i18n, "_read", lambda path: opened.append(path.name) or real(path))
    i18n.set_language("en")
    assert i18n.t("board.title") == expected
    assert i18n.t("board.empty") and i18n.has("board.title") and not i18n.has("board.no_such_key")
    assert opened == ["board.toml"]


def test_plain_text_is_returned_without_reading_any_file(monkeypatch):
    """Textual's own bindings say "Quit": not a key, so no area is read for it."""
    opened = []
    monkeypatch.setattr(i18n, "_areas", {})
    monkeypatch.setattr(i18n, "_read", lambda path: opened.append(path.name) or {})
    assert i18n.t("Quit") == "Quit" and i18n.t("Copy selected text.") == "Copy selected text."
    assert opened == []


def test_a_role_is_named_in_the_current_language_and_an_unknown_one_as_it_is():
    try:
        i18n.set_language("zh")
        assert i18n.role_name("nurse") == "护士"
        i18n.set_language("en")
        assert i18n.role_name("nurse") == "Nurse"
        assert i18n.role_name("night_porter") == "night_porter"
    finally:
        i18n.set_language("zh")
