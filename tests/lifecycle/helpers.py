"""Small builders shared by the lifecycle tests."""
from __future__ import annotations

import datetime as dt

from store import stays

TODAY = dt.date(2026, 11, 23)


def contract(manager, contract_no="HT-001", name="王丽", phone="13800138000", package="classic28",
             first_payment="20000", deposit="3000"):
    return stays.new_contract(manager, name=name, phone=phone, contract_no=contract_no, package=package,
                              signed_on="2026-06-01", due_date="2026-11-20", first_payment=first_payment,
                              deposit=deposit)


def noticed(manager, room="601", day=TODAY + dt.timedelta(days=1), **kw):
    stay_id = contract(manager, **kw)
    stays.save_notice(manager, stay_id, hospital="市妇幼", room_number=room, admission_date=day,
                      vouchers="500元现金券", gifts="满月照")
    return stay_id
