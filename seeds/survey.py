"""The discharge satisfaction survey's items (seeds/survey.toml), validated on load."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from seeds.errors import SeedError

SURVEY_FILE = Path(__file__).with_name("survey.toml")


@dataclass(frozen=True)
class SurveyItem:
    id: str
    text: dict[str, str]


@lru_cache(maxsize=4)
def load_survey(path: Path = SURVEY_FILE) -> tuple[SurveyItem, ...]:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    items, seen = [], set()
    for index, raw in enumerate(data.get("items", [])):
        item_id = raw.get("id") or ""
        where = f"{path.name}, item {item_id or index + 1}"
        if not item_id or item_id in seen:
            raise SeedError(f"{where}: id missing or repeated")
        if not {"zh", "en"} <= set(raw.get("text", {})):
            raise SeedError(f"{where}: text needs zh and en")
        seen.add(item_id)
        items.append(SurveyItem(item_id, dict(raw["text"])))
    if not items:
        raise SeedError(f"{path.name}: the survey needs at least one item")
    return tuple(items)
