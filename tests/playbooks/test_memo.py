"""Guests who share anchor dates share their steps' dates within a run; the app gets the memory back after."""
from __future__ import annotations

from store import occurrences
from tests.playbooks.helpers import D, guest, stay, tasks


def test_twins_in_dates_get_the_same_tasks_and_the_memo_is_empty_after_the_run(gen, monkeypatch):
    dates = dict(signed_on=D(2026, 9, 1), due_date=D(2026, 12, 20), planned_admission=D(2026, 12, 21))
    first, second = guest("王丽"), guest("李娜")
    stay(first, **dates), stay(second, **dates)
    remembered = []
    real = occurrences._memoized  # record each key whose value is computed (not found in the memo)
    monkeypatch.setattr(occurrences, "_memoized", lambda key, step, compute: real(
        key, step, lambda: (remembered.append(key), compute())[1]))
    assert gen().created > 0
    shape = lambda gid: sorted((t.step, t.due_at, t.status) for t in tasks(gid))  # noqa: E731
    assert shape(first) == shape(second) and shape(first)
    assert len(remembered) == len(set(remembered))  # the second guest's dates came from the memo
    assert occurrences._memo == {}
