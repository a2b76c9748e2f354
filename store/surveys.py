"""The discharge satisfaction survey (items in seeds/survey.toml): scores 1-5 and a comment."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from seeds.survey import load_survey
from store import clock
from store.errors import Conflict, Invalid
from store.lifecycle import stay_or_404
from store.models import Survey
from store.writes import Actor, write


@dataclass(frozen=True)
class MonthResults:
    count: int
    item_means: dict[str, float]
    overall: float | None
    comments: tuple[str, ...]


def parse_scores(raw: dict) -> dict[str, int]:
    """Every item scored with a whole number 1-5; Invalid names the item."""
    scores = {}
    for item in load_survey():
        value = raw.get(item.id)
        try:
            score = int(str(value).strip())
        except (TypeError, ValueError):
            raise Invalid(item.id, "give a score from 1 to 5") from None
        if not 1 <= score <= 5:
            raise Invalid(item.id, "give a score from 1 to 5")
        scores[item.id] = score
    unknown = set(raw) - set(scores)
    if unknown:
        raise Invalid(sorted(unknown)[0], "not an item of the survey")
    return scores


def record_survey(actor: Actor, stay_id: int, scores: dict, comment: str = "") -> int:
    """The survey handed back the day before discharge; one per stay."""
    stay = stay_or_404(stay_id)
    clean = parse_scores(scores)

    def apply(tx):
        if Survey.select().where(Survey.stay == stay_id).exists():
            raise Conflict("this stay's survey is already recorded")
        row = Survey.create(guest=stay.guest_id, stay=stay_id, at=tx.now, scores=clean, comment=(comment or "").strip())
        tx.record("survey", row.id, None, {"scores": clean}, guest=stay.guest_id)
        return row.id

    return write(actor, "survey.record", apply)


def month_results(year: int, month: int) -> MonthResults:
    """Mean score per item and overall for surveys returned in a local calendar month."""
    start = clock.at_local(dt.date(year, month, 1))
    end = clock.at_local(dt.date(year + month // 12, month % 12 + 1, 1))
    rows = list(Survey.select().where((Survey.at >= start) & (Survey.at < end)).order_by(Survey.at))
    means = {}
    for item in load_survey():
        values = [r.scores[item.id] for r in rows if item.id in (r.scores or {})]
        if values:
            means[item.id] = round(sum(values) / len(values), 2)
    every = [v for r in rows for v in (r.scores or {}).values()]
    return MonthResults(len(rows), means, round(sum(every) / len(every), 2) if every else None,
                        tuple(r.comment for r in rows if r.comment))
