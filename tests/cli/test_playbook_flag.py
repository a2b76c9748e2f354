"""`--playbook PATH`: a center's own file changes what is due; a bad one refuses to start."""
from __future__ import annotations

import json

import pytest

from store import schedule


@pytest.fixture(autouse=True)
def no_process_override():
    yield
    schedule._process_override = None


EXTRA_STEP = """
[[steps]]
playbook = "postpartum"
id = "center_evening_round"
anchor = "admission"
offset = "same day"
window = "19:00-20:00"
channel = "in_person"
role = "nurse"
kind = "visit"
why = "center rule: evening round on arrival"
title = { zh = "入住当晚巡房", en = "Evening round on arrival" }
script = { zh = "{salutation}晚上好", en = "Good evening {salutation}" }
"""


def test_override_file_adds_a_step_to_the_due_list(run_cli, demo_db, tmp_path, frozen_clock):
    # the demo day, not the wall clock: on a later day a new step that fell due back then is
    # recorded as not applicable (a playbook edit must not flood the lists with old tasks)
    code, out, _ = run_cli("due", "--db", demo_db, "--on", "2026-11-23", "--json")
    assert code == 0 and "center_evening_round" not in {row["step"] for row in json.loads(out)}
    override = tmp_path / "center.toml"
    override.write_text(EXTRA_STEP, encoding="utf-8")
    code, out, err = run_cli("due", "--db", demo_db, "--on", "2026-11-23", "--json", "--playbook", override)
    assert code == 0, err
    rows = [r for r in json.loads(out) if r["step"] == "center_evening_round"]
    assert rows and {r["kind"] for r in rows} == {"visit"}


def test_a_bad_playbook_refuses_with_file_step_and_field(run_cli, demo_db, tmp_path):
    bad = tmp_path / "center.toml"
    bad.write_text('[[steps]]\nplaybook = "postpartum"\nid = "visit_day2"\nanchor = "admision"\n', encoding="utf-8")
    code, out, err = run_cli("due", "--db", demo_db, "--playbook", bad)
    assert code != 0 and out == ""
    assert "center.toml" in err and "visit_day2" in err and "admision" in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_a_missing_playbook_file_is_named(run_cli, demo_db, tmp_path):
    code, _, err = run_cli("due", "--db", demo_db, "--playbook", tmp_path / "nope.toml")
    assert code != 0 and "nope.toml" in err and "Traceback" not in err
