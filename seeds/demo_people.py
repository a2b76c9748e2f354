"""Invented people for the demo center: unique names and phones from a seeded generator."""
from __future__ import annotations

import datetime as dt
import random
import tomllib
from functools import lru_cache
from pathlib import Path

NAMES_FILE = Path(__file__).with_name("demo_names.toml")


@lru_cache(maxsize=1)
def data() -> dict:
    with NAMES_FILE.open("rb") as fh:
        return tomllib.load(fh)


class People:
    """Deterministic source of names, phones and small choices for one demo build."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self._names: set[str] = set()
        self._phones: set[str] = set()

    def name(self, given_key: str = "given") -> str:
        d = data()
        for _ in range(1000):
            name = self.rng.choice(d["surnames"]) + self.rng.choice(d[given_key])
            if name not in self._names:
                self._names.add(name)
                return name
        raise RuntimeError("demo name pool exhausted")

    def phone(self) -> str:
        while True:
            phone = self.rng.choice(["138", "139", "136", "158", "186", "135", "177", "188"]) + \
                "".join(self.rng.choice("0123456789") for _ in range(8))
            if phone not in self._phones:
                self._phones.add(phone)
                return phone

    def baby_name(self, mother: str) -> str:
        return self.rng.choice(data()["surnames"]) + self.rng.choice(data()["baby_given"])

    def pick(self, key: str, section: str | None = None):
        pool = data()[section][key] if section else data()[key]
        return self.rng.choice(pool)

    def data_list(self, key: str, section: str | None = None) -> list:
        return list(data()[section][key] if section else data()[key])

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def days(self, low: int, high: int) -> dt.timedelta:
        return dt.timedelta(days=self.rng.randint(low, high))

    def guest_flags(self) -> dict:
        """Allergies, health notes, do-not-disturb, night shift, call window: spread, not everywhere."""
        flags = {"salutation": self.pick("salutations")}
        if self.chance(0.2):
            flags["allergies"] = self.pick("allergies")
        if self.chance(0.3):
            flags["health_notes"] = self.pick("health_notes")
        if self.chance(0.08):
            flags["do_not_disturb"] = True
        if self.chance(0.1):
            flags["night_shift"] = True
        if self.chance(0.35):
            flags["call_window"] = self.pick("call_windows")
        if self.chance(0.1):
            flags["vip"] = True
        return flags

