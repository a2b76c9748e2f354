"""What can be done for a guest from her file or her room card (key `a`), as data.

Each action opens a registered screen (tui/screens_registry.py) with `stay_id=` or `guest_id=`.
The menu offers only actions that fit the guest's kind and her stay's status, and whose screen
exists. To add one: write the form, register it, add a line here and its label in
tui/locales/guest_actions.toml.
"""
from __future__ import annotations

from dataclasses import dataclass

from tui.screens_registry import is_available

ANY_KIND = ("postpartum", "aesthetics", "wellness")


@dataclass(frozen=True)
class GuestAction:
    screen: str  # registered screen name; also the label key: guest_actions.<screen>
    kinds: tuple[str, ...]  # guest kinds it is offered for
    stay: tuple[str, ...] = ()  # stay statuses it needs (passes stay_id=); () = by guest (guest_id=)

    @property
    def label(self) -> str:
        return f"guest_actions.{self.screen}"


ACTIONS: tuple[GuestAction, ...] = (
    # postpartum, in the order of a stay (manual 000 §4.5–§4.8)
    GuestAction("admission_notice", ("postpartum",), ("signed",)),
    GuestAction("car_request", ("postpartum",), ("signed",)),
    GuestAction("readiness", ("postpartum",), ("signed",)),
    GuestAction("admit", ("postpartum",), ("signed",)),
    GuestAction("room_change", ("postpartum",), ("admitted",)),
    GuestAction("payment", ("postpartum",), ("signed", "admitted", "discharged")),
    GuestAction("survey", ("postpartum",), ("admitted", "discharged")),
    GuestAction("discharge", ("postpartum",), ("admitted",)),
    # aesthetics and wellness, by guest
    GuestAction("convert", ("aesthetics",)),
    GuestAction("procedure", ("aesthetics",)),
    GuestAction("course", ("aesthetics", "wellness")),
    GuestAction("session", ("aesthetics", "wellness")),
    GuestAction("appointment", ("wellness", "aesthetics")),
    GuestAction("assessment", ("wellness",)),
    # everyone
    GuestAction("complaint", ANY_KIND),
)


@dataclass(frozen=True)
class Offer:
    """One menu line: the action and the arguments its screen takes."""

    action: GuestAction
    kwargs: dict


def offers(guest_id: int, kind: str, stay_id: int | None, stay_status: str | None) -> list[Offer]:
    """The actions that fit this guest now, in menu order."""
    out = []
    for action in ACTIONS:
        if kind not in action.kinds or not is_available(action.screen):
            continue
        if action.stay:
            if stay_id is None or stay_status not in action.stay:
                continue
            out.append(Offer(action, {"stay_id": stay_id}))
        else:
            out.append(Offer(action, {"guest_id": guest_id}))
    return out
