"""Handover sheets say a system-recorded reason in words, and a nurse's own reason as typed."""
from __future__ import annotations

import datetime as dt

import pytest

from store.handover import VisitLine
from tui import i18n
from tui.sheets import _visit_status


def line(reason: str) -> VisitLine:
    return VisitLine(1, "602", "彭紫涵", "出所前两天", dt.datetime(2026, 11, 23, 1, 0), "skipped", "", None, reason)


@pytest.mark.parametrize("lang, words", [("zh", "跳过: 客户已离店"), ("en", "skipped: guest had checked out")])
def test_a_visit_closed_at_checkout_reads_in_words(lang, words):
    i18n.set_language(lang)
    try:
        assert _visit_status(line("checked_out")) == words
        assert _visit_status(line("宝宝在睡")).endswith(": 宝宝在睡")
    finally:
        i18n.set_language("zh")
