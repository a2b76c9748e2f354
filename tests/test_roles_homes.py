"""Where each role lands after sign-in, per center kind (seeds/roles.toml [home_instead])."""
from __future__ import annotations

import pytest

from seeds.errors import SeedError
from seeds.roles import load_roles


def test_a_manager_lands_on_the_board_in_a_postpartum_center_elsewhere_in_a_clinic():
    roles = load_roles()
    assert roles["manager"].home_for("postpartum") == "board"
    assert roles["manager"].home_for("aesthetics") == "callbacks"
    assert roles["manager"].home_for("wellness") == "appointments"
    assert roles["nurse"].home_for("aesthetics") == "visits"  # ward visits after inpatient surgery
    assert roles["nurse"].home_for("wellness") == "appointments"
    assert roles["customer_service"].home_for("wellness") == "callbacks"


@pytest.mark.parametrize("table, words", [
    ('[home_instead.spa]\nboard = "callbacks"\n', "unknown center kind 'spa'"),
    ('[home_instead.wellness]\nboard = "garden"\n', "home_instead.wellness: homes must be one of"),
])
def test_a_bad_home_instead_is_refused_with_the_place_named(tmp_path, table, words):
    path = tmp_path / "roles.toml"
    path.write_text('[roles.nurse]\nname = { zh = "护士", en = "Nurse" }\nhome = "visits"\n\n' + table, encoding="utf-8")
    with pytest.raises(SeedError, match="roles.toml") as exc:
        load_roles(path)
    assert words in str(exc.value)
