"""The actions menu offers what fits the guest's kind and stay, and only screens that exist."""
from __future__ import annotations

from tui import guest_actions
from tui.guest_actions import ACTIONS, offers


def _screens(found) -> list[str]:
    return [o.action.screen for o in found]


def _all_available(monkeypatch):
    monkeypatch.setattr(guest_actions, "is_available", lambda name: True)


def test_a_signed_mother_gets_the_admission_steps_not_discharge(monkeypatch):
    _all_available(monkeypatch)
    found = offers(7, "postpartum", 3, "signed")
    assert _screens(found)[:4] == ["admission_notice", "car_request", "readiness", "admit"]
    assert "discharge" not in _screens(found) and "room_change" not in _screens(found)
    assert found[0].kwargs == {"stay_id": 3}
    assert found[-1].action.screen == "complaint" and found[-1].kwargs == {"guest_id": 7}


def test_a_mother_in_house_can_change_room_pay_and_leave(monkeypatch):
    _all_available(monkeypatch)
    names = _screens(offers(7, "postpartum", 3, "admitted"))
    assert {"room_change", "payment", "survey", "discharge"} <= set(names)
    assert "admit" not in names


def test_without_a_stay_only_guest_actions_are_offered(monkeypatch):
    _all_available(monkeypatch)
    found = offers(7, "aesthetics", None, None)
    assert all("guest_id" in o.kwargs for o in found)
    assert {"convert", "procedure", "complaint"} <= set(_screens(found))
    assert "admit" not in _screens(found)


def test_an_action_whose_screen_is_not_written_is_not_offered(monkeypatch):
    monkeypatch.setattr(guest_actions, "is_available", lambda name: name != "car_request")
    assert "car_request" not in _screens(offers(7, "postpartum", 3, "signed"))


def test_every_action_has_a_registered_screen_and_a_label():
    from tui.i18n import catalog
    from tui.screens_registry import SCREENS

    for action in ACTIONS:
        assert action.screen in SCREENS, action.screen
        assert action.label in catalog(), action.label


def test_an_action_her_role_may_not_do_carries_the_reason(monkeypatch):
    """A nurse may not take money or check a guest out: the menu says so before any form opens."""
    from store.permissions import permissions_for
    from store.writes import Actor
    from tui import i18n

    _all_available(monkeypatch)
    i18n.set_language("en")
    try:
        nurse = Actor(3, "李护士", "nurse", "t", permissions_for("nurse"))
        found = {o.action.screen: o.refusal for o in offers(7, "postpartum", 3, "admitted", nurse)}
        assert found["discharge"] == found["payment"] == "李护士 may not money"
        assert found["complaint"] == "李护士 may not complaints"
        assert found["room_change"] == found["survey"] == ""
        manager = Actor(1, "王店长", "manager", "t", permissions_for("manager"))
        assert not any(o.refusal for o in offers(7, "postpartum", 3, "admitted", manager))
    finally:
        i18n.set_language("zh")
