"""Lifecycle seed files load, and a bad file names file, entry and field."""
from __future__ import annotations

import pytest

from seeds.errors import SeedError
from seeds.lifecycle import load_lifecycle, load_packages
from seeds.survey import load_survey
from seeds.tiers import load_tiers


def test_shipped_files_load():
    rules = load_lifecycle()
    assert rules.forms["admission_notice"] == ("store_manager", "nursing", "nurses", "postpartum_recovery",
                                               "nutritionist", "kitchen")
    assert {"cleaning", "supplies", "meal", "ac_purifier", "curtains", "water"} == {i.id for i in rules.readiness}
    assert set(rules.categories) == {"new", "returning", "consulted_not_booked", "booked_no_show"}
    assert load_packages()["classic28"].days == 28
    assert len(load_survey()) >= 5
    assert [t.id for t in load_tiers().tiers] == ["ordinary", "silver", "gold", "platinum"]


@pytest.mark.parametrize("loader, text, message", [
    (load_lifecycle, '[departments.kitchen]\nname = {zh="x", en="y"}\nroles = ["cook"]\n', "department kitchen: roles"),
    (load_packages, '[packages.p]\nname = {zh="x", en="y"}\ndays = 0\n', "package p: days"),
    (load_survey, '[[items]]\nid = "a"\ntext = {zh="x"}\n', "item a: text"),
    (load_tiers, '[[tiers]]\nid = "a"\nname = {zh="x", en="y"}\nmin_spend_cents = 0\nmin_visits = -1\n', "tier a: min_visits"),
])
def test_bad_seed_names_file_entry_field(tmp_path, loader, text, message):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SeedError, match=message) as err:
        loader(path)
    assert "bad.toml" in str(err.value)
