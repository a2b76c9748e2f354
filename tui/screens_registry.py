"""Screen names -> "module:Class", imported only when first shown (keeps start-up lean).

To add a screen: add one line here, write the class (subclass screens.base.CareScreen), and add
`screens.<name>` under [shell.screen] in tui/locales/shell.toml so the palette can list it.
A screen whose module does not exist yet falls back to the board ("login" to a placeholder).
"""
from __future__ import annotations

import importlib

SCREENS: dict[str, str] = {
    "board": "screens.board:BoardScreen",
    "guest_file": "screens.guest_file:GuestFileScreen",
    "help": "screens.help:HelpScreen",
    "login": "screens.login:LoginScreen",
    "visits": "screens.visits:VisitsScreen",
    "callbacks": "screens.callbacks:CallbacksScreen",
    # lifecycle forms (screens/forms/); the per-stay ones take stay_id=
    "new_contract": "screens.forms.new_contract:NewContractForm",
    "admission_notice": "screens.forms.admission_notice:AdmissionNoticeForm",
    "admit": "screens.forms.admit:AdmitForm",
    "discharge": "screens.forms.discharge:DischargeForm",
    "consultation": "screens.forms.consultation:ConsultationForm",
    "complaint": "screens.forms.complaint:ComplaintForm",
    "survey": "screens.forms.survey:SurveyForm",
    "car_request": "screens.forms.car_request:CarRequestForm",
    "readiness": "screens.forms.readiness:ReadinessForm",
    "room_change": "screens.forms.room_change:RoomChangeForm",
    "payment": "screens.forms.payment:PaymentForm",
    "convert": "screens.forms.convert:ConvertForm",
    "procedure": "screens.forms.procedure:ProcedureForm",
    "course": "screens.forms.course:CourseForm",
    "session": "screens.forms.session:SessionForm",
    "appointment": "screens.forms.appointment:AppointmentForm",
    "assessment": "screens.forms.assessment:AssessmentForm",
    # complaints: the open list (overdue first, in red) and one complaint's handling steps
    "complaints": "screens.complaints:ComplaintsScreen",
    "complaint_detail": "screens.complaint_detail:ComplaintDetailScreen",
    # wellness / aesthetics front desk: the day's appointments
    "appointments": "screens.appointments:AppointmentsScreen",
    # managers: staff accounts and the audit trail (the store checks staff_admin / audit_view)
    "staff_admin": "screens.staff_admin:StaffAdminScreen",
    "audit": "screens.audit:AuditScreen",
    # the shift handover and the manager reports (reports need "export")
    "handover": "screens.handover:HandoverScreen",
    "reports": "screens.reports:ReportsScreen",
}
FALLBACKS = {"login": "screens.placeholder:LoginUnavailableScreen"}
DEFAULT = "board"
# Screens a person can jump to from the palette (the others need arguments or are internal).
NAVIGABLE = ("board", "visits", "callbacks", "new_contract", "consultation", "complaint", "complaints",
             "appointments", "staff_admin", "audit", "handover", "reports")


def screen_class(name: str) -> type:
    """The class registered under `name`; its fallback if the module is not written yet."""
    target = SCREENS.get(name) or SCREENS[DEFAULT]
    found = _load(target)
    if found is not None:
        return found
    fallback = FALLBACKS.get(name, SCREENS[DEFAULT])
    found = _load(fallback)
    if found is None:
        raise LookupError(f"screen {name!r}: neither {target} nor {fallback} can be imported")
    return found


def is_available(name: str) -> bool:
    """True when the screen's own module exists (not a fallback)."""
    return name in SCREENS and _load(SCREENS[name]) is not None


def _load(target: str) -> type | None:
    module_name, _, class_name = target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None
        raise
    return getattr(module, class_name, None)
