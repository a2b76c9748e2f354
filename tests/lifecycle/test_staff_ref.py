"""Who a staff box means: a number (any case), or a name only one active member has."""
from __future__ import annotations

import pytest

from screens.forms.staff_field import StaffDirectory
from store import clock
from store.errors import Invalid
from store.lifecycle import staff_ref
from store.models import Staff
from store.staff import StaffRow


def row(number, name, role="nurse", active=True):
    return StaffRow(id=hash(number) % 1000, number=number, name=name, role=role, active=active, has_pin=True)


DIRECTORY = StaffDirectory([row("N1", "周婷"), row("N2", "王芳"), row("N3", "王芳"), row("C1", "周丽", "customer_service"),
                            row("X9", "Gone", active=False)])


def test_exact_as_the_store_matches_a_number_or_a_unique_full_name():
    assert DIRECTORY.exact("N1").number == "N1" and DIRECTORY.exact(" 周丽 ").number == "C1"
    # the store takes "N1", not "n1": the line says → takes it, rather than that it is N1
    assert DIRECTORY.exact("n1") is None and DIRECTORY.who("n1").startswith("周婷 · N1")
    assert "→" in DIRECTORY.who("n1") and "→" not in DIRECTORY.who("N1")
    assert DIRECTORY.exact("王芳") is None  # two of them: the number decides
    assert DIRECTORY.exact("X9") is None and DIRECTORY.exact("") is None  # not active; nothing typed


def test_the_completion_tries_numbers_first_then_names():
    assert DIRECTORY.first("n") == (DIRECTORY.exact("N1"), "N1")
    assert DIRECTORY.first("周") == (DIRECTORY.exact("N1"), "周婷")
    assert DIRECTORY.first("周丽")[1] == "周丽" and DIRECTORY.first("zz") is None


def test_the_store_takes_a_unique_name_and_refuses_a_shared_one(store):
    zhou = Staff.create(number="N1", name="周婷", role="nurse", created_at=clock.now())
    Staff.create(number="N2", name="王芳", role="nurse", created_at=clock.now())
    Staff.create(number="N3", name="王芳", role="nurse", created_at=clock.now())
    assert staff_ref("owner", "周婷").id == zhou.id and staff_ref("owner", "N1").id == zhou.id
    with pytest.raises(Invalid) as shared:
        staff_ref("owner", "王芳")
    assert shared.value.field == "owner" and "use the staff number" in str(shared.value)
    with pytest.raises(Invalid, match="no active staff member"):
        staff_ref("owner", "李四")
