"""Membership tiers as data (seeds/tiers.toml): thresholds on a year's spend and visits."""
from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from seeds.errors import SeedError

TIERS_FILE = Path(__file__).with_name("tiers.toml")


@dataclass(frozen=True)
class Tier:
    id: str
    name: dict[str, str]
    min_spend_cents: int
    min_visits: int


@dataclass(frozen=True)
class TierRules:
    window_days: int
    spend_kinds: frozenset[str]
    tiers: tuple[Tier, ...]  # low to high

    def tier_for(self, spend_cents: int, visits: int) -> Tier:
        """The highest tier whose spend and visit thresholds are both met."""
        best = self.tiers[0]
        for tier in self.tiers:
            if spend_cents >= tier.min_spend_cents and visits >= tier.min_visits:
                best = tier
        return best


@lru_cache(maxsize=4)
def load_tiers(path: Path = TIERS_FILE) -> TierRules:
    with path.open("rb") as fh:
        data = tomllib.load(fh)
    window = data.get("window_days", 365)
    if not isinstance(window, int) or window <= 0:
        raise SeedError(f"{path.name}: window_days must be a positive whole number")
    tiers, previous = [], (-1, -1)
    for index, raw in enumerate(data.get("tiers", [])):
        tier = _tier(path, index, raw)
        if tier.min_spend_cents < previous[0] or tier.min_visits < previous[1]:
            raise SeedError(f"{path.name}, tier {tier.id}: thresholds must rise from one tier to the next")
        previous = (tier.min_spend_cents, tier.min_visits)
        tiers.append(tier)
    if not tiers or tiers[0].min_spend_cents or tiers[0].min_visits:
        raise SeedError(f"{path.name}: the first tier must have 0 thresholds (everyone qualifies)")
    return TierRules(window, frozenset(data.get("spend_kinds", ["service"])), tuple(tiers))


def _tier(path: Path, index: int, raw: dict) -> Tier:
    tier_id = raw.get("id") or ""
    where = f"{path.name}, tier {tier_id or index + 1}"
    if not tier_id:
        raise SeedError(f"{where}: id missing")
    if not {"zh", "en"} <= set(raw.get("name", {})):
        raise SeedError(f"{where}: name needs zh and en")
    spend, visits = raw.get("min_spend_cents"), raw.get("min_visits")
    for field, value in (("min_spend_cents", spend), ("min_visits", visits)):
        if not isinstance(value, int) or value < 0:
            raise SeedError(f"{where}: {field} must be a whole number, 0 or more")
    return Tier(tier_id, dict(raw["name"]), spend, visits)
