"""What can be done for a guest from her file or her room card (key `a`), as data.

Each action opens a registered screen (tui/screens_registry.py) with `stay_id=` or `guest_id=`.
The menu offers only actions that fit the guest's kind and her stay's status, and whose screen
exists. An action the person's role may not do (`needs` a permission the store requires) is
listed dimmed with the reason, so the refusal is said before a form is filled in, not after.
To add one: write the form, register it, add a line here and its label in
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
    needs: str = ""  # the permission its store call requires (store.permissions.require)

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
    GuestAction("payment", ("postpartum",), ("signed", "admitted", "discharged"), needs="money"),
    GuestAction("survey", ("postpartum",), ("admitted", "discharged")),
    GuestAction("discharge", ("postpartum",), ("admitted",), needs="money"),
    # aesthetics and wellness, by guest
    GuestAction("convert", ("aesthetics",)),
    GuestAction("procedure", ("aesthetics",)),
    GuestAction("course", ("aesthetics", "wellness")),
    GuestAction("session", ("aesthetics", "wellness")),
    GuestAction("appointment", ("wellness", "aesthetics")),
    GuestAction("assessment", ("wellness",), needs="health_notes"),
    # everyone
    GuestAction("complaint", ANY_KIND, needs="complaints"),
)


@dataclass(frozen=True)
class Offer:
    """One menu line: the action, the arguments its screen takes, and why it would be refused ("")."""

    action: GuestAction
    kwargs: dict
    refusal: str = ""


def offers(guest_id: int, kind: str, stay_id: int | None, stay_status: str | None, actor=None) -> list[Offer]:
    """The actions that fit this guest now, in menu order; given the signed-in `actor`, those her
    role may not do carry the store's reason."""
    out = []
    for action in ACTIONS:
        if kind not in action.kinds or not is_available(action.screen):
            continue
        if action.stay and (stay_id is None or stay_status not in action.stay):
            continue
        kwargs = {"stay_id": stay_id} if action.stay else {"guest_id": guest_id}
        out.append(Offer(action, kwargs, _refusal(action, actor)))
    return out


def _refusal(action: GuestAction, actor) -> str:
    """The store's words for a permission the actor lacks (asked without logging a denial)."""
    if actor is None or not action.needs or actor.can(action.needs):
        return ""
    from store.errors import PermissionDenied
    from tui.store_messages import message

    return message(PermissionDenied(action.needs, actor.name))
