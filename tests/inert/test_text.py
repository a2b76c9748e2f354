"""store/text.py: the one check every entry uses and the one sanitiser every output uses."""
from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from store.errors import BadText, Invalid
from store.text import check, check_data, describe, inert, inert_data
from tests.inert.corpus import CLICK, CORPUS, LONG_LINE, MARKUP, raw_in


@pytest.mark.parametrize("name", sorted(CORPUS))
@pytest.mark.parametrize("multiline", [False, True])
def test_every_corpus_entry_is_refused_naming_the_field(name, multiline):
    with pytest.raises(BadText) as caught:
        check("name", CORPUS[name], multiline=multiline)
    exc = caught.value
    assert isinstance(exc, Invalid) and exc.field == "name"
    assert "at character" in exc.reason and raw_in(exc.reason) == []  # the reason itself is printable


@pytest.mark.parametrize("value, reason", [
    ("王\x1b[31m", "has a control character (ESC, U+001B) at character 2: remove it"),
    ("a\x00", "has a control character (NUL, U+0000) at character 2: remove it"),
    ("x\x7f", "has a control character (DEL, U+007F) at character 2: remove it"),
    ("\x9b1m", "has a control character (U+009B) at character 1: remove it"),
    ("ab\u202ecd", "has a text-direction character (U+202E RIGHT-TO-LEFT OVERRIDE) at character 3: remove it"),
    ("a\u2067b", "has a text-direction character (U+2067 RIGHT-TO-LEFT ISOLATE) at character 2: remove it"),
    ("one\ntwo", "must be one line: remove the line break at character 4"),
    ("paid\rUNPAID", "must be one line: remove the line break at character 5"),
    ("a\tb", "has a control character (TAB, U+0009) at character 2: remove it"),
])
def test_reasons_say_which_character_and_where(value, reason):
    with pytest.raises(BadText) as caught:
        check("note", value)
    assert caught.value.reason == reason


def test_a_multi_line_field_takes_tab_and_newline_but_not_carriage_return():
    assert check("health_notes", "血压偏高\n\t复查", multiline=True) == "血压偏高\n\t复查"
    with pytest.raises(BadText, match="CR, U\\+000D"):
        check("health_notes", "a\r\nb", multiline=True)


@pytest.mark.parametrize("value", ["张晓红", "Mary Chen", MARKUP, CLICK, "👩‍👧 emoji with a joiner", "¥12,800", "",
                                   "603 睡了5小时, 哺乳顺利", LONG_LINE])
def test_clean_text_passes_unchanged(value):
    assert check("name", value) is value
    assert inert(value) == value


def test_not_text_passes_and_length_is_checked_when_asked():
    assert check("x", 5) == 5 and check("x", None) is None
    with pytest.raises(BadText) as caught:
        check("name", "长" * 65, max_len=64)
    assert caught.value.reason == "is too long: use at most 64 characters (this has 65)"


def test_json_strings_are_checked_keys_too():
    assert check_data("notice", {"vouchers": ["a\nb"], "n": 1}) == {"vouchers": ["a\nb"], "n": 1}
    with pytest.raises(BadText):
        check_data("notice", {"gifts": ["ok", {"x": "\x1b]0;T\x07"}]})
    with pytest.raises(BadText):
        check_data("notice", {"\u202ekey": 1})


@pytest.mark.parametrize("value, shown", [
    ("\x1b[31mRED", "␛[31mRED"),
    ("a\x00b\x7f", "a␀b␡"),
    ("x\x08\ry", "x␈␍y"),
    ("a\x9b1m", "a<U+009B>1m"),
    ("room \u202e106", "room <U+202E>106"),
    ("one\ntwo\tz", "one␤two␉z"),
    ("a\u2028b", "a<U+2028>b"),
])
def test_inert_shows_each_character_as_a_visible_stand_in(value, shown):
    assert inert(value) == shown


def test_inert_keeps_lines_when_asked_and_takes_any_value():
    assert inert("one\ntwo\t\x1b", multiline=True) == "one\ntwo\t␛"
    assert inert(None) == "" and inert(603) == "603"
    assert inert_data({"a\x1b": ["b\x9b", 1, None, {"c": "x\ny"}]}) == {"a␛": ["b<U+009B>", 1, None, {"c": "x\ny"}]}


def test_describe_names_c0_by_its_abbreviation():
    assert [describe(c) for c in "\x00\x1b\x7f"] == ["NUL, U+0000", "ESC, U+001B", "DEL, U+007F"]


@given(st.text())
def test_inert_output_is_always_printable_and_always_accepted(value):
    shown = inert(value)
    assert raw_in(shown) == []
    assert check("x", shown) == shown  # what an output shows may be typed back in
    assert inert(shown) == shown


@given(st.text())
def test_inert_changes_exactly_what_check_refuses(value):
    try:
        check("x", value)
    except BadText:
        assert inert(value) != value
    else:
        assert inert(value) == value
