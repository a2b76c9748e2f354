"""Importing guests: English or Chinese headers, CSV or .xlsx, every bad row reported, all or nothing."""
from __future__ import annotations

import datetime as dt

import pytest

from store import clock
from store.importer import ImportFileError, import_file
from store.models import Event, Floor, Guest, Note, Room, Stay
from store.writes import SYSTEM

TODAY = dt.date(2026, 11, 23)
ZH_HEADER = "姓名,手机,预产期,签约日期,套餐天数,房号,入住日期,出所日期,分娩方式,医院,备注"
EN_HEADER = "name,phone,due_date,signed_on,package_days,room,admitted_on,discharged_on,delivery_type,hospital,notes"


@pytest.fixture
def rooms(store):
    floor = Floor.create(number=6)
    for n in range(601, 606):
        Room.create(floor=floor, number=str(n))
    Room.update(status="out_of_service").where(Room.number == "605").execute()


def csv_file(tmp_path, *lines, name="guests.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def errors_of(report):
    return [(e.row, e.column, e.code) for e in report.errors]


def test_chinese_headers_import_guests_stays_rooms_and_notes(rooms, tmp_path):
    path = csv_file(tmp_path, ZH_HEADER,
                    "张晓红,138 1234 5678,2026-12-20,2026-06-01,42,601,,,,上海市第一妇婴保健院,喜欢安静",
                    "李娜,+8613987654321,2026-11-10,2026-05-02,28,602,2026-11-15,,剖腹产,仁济医院,",
                    "王芳,13700001111,2025-01-10,2024-08-01,28,602,2025-01-15,2025-02-12,顺产,,")
    report = import_file(path, actor=SYSTEM)
    assert (report.imported, report.errors) == (3, [])
    zhang = Guest.get(Guest.name == "张晓红")
    assert (zhang.initials, zhang.phone, zhang.phone_last4, zhang.entered_on) == ("zxh", "13812345678", "5678", TODAY)
    li = Stay.get(Stay.guest == Guest.get(Guest.name == "李娜"))
    assert (li.status, li.delivery_type, li.room.number, li.planned_discharge) == (
        "admitted", "c_section", "602", dt.date(2026, 12, 13))
    wang = Stay.get(Stay.guest == Guest.get(Guest.name == "王芳"))
    assert (wang.status, wang.delivery_type) == ("discharged", "vaginal")
    assert {r.number: r.status for r in Room.select()}["601"] == "reserved"
    assert Room.get(Room.number == "602").status == "occupied"
    assert Note.get().text == "喜欢安静"
    assert Event.select().where(Event.action == "guest.add").count() == 3
    assert Event.get(Event.action == "import.file").after == {"file": "guests.csv", "guests": 3}


def test_every_bad_row_is_reported_and_nothing_is_imported(rooms, tmp_path):
    Guest.create(name="老客户", phone="13500000000", entered_on=TODAY, created_at=clock.now())
    path = csv_file(tmp_path, EN_HEADER,
                    "好客户,13811112222,,,,,,,,,",             # row 2: fine
                    ",13811113333,,,,,,,,,",                   # 3: no name
                    "坏日期,13811114444,2026/12/01,2026-02-30,,,,,,,",  # 4: two bad dates
                    "坏电话,12345,,,abc,,,,横产,,",               # 5: phone, days, delivery
                    "没房,13811115555,,,,999,,,,,",              # 6: unknown room
                    "停用,13811116666,,,,605,,,,,",              # 7: out of service
                    "重复,13811112222,,,,,,,,,",                 # 8: same phone as row 2
                    "老客户,13500000000,,,,,,,,,",               # 9: already in the database
                    "先住,13811117777,,,,603,2026-11-20,,,,",    # 10: takes 603
                    "后住,13811118888,,,,603,2026-11-21,,,,",    # 11: 603 taken by row 10
                    "出院,13811119999,,,,,,2026-11-01,,,",       # 12: discharge without admission
                    "倒序,13811110000,,,,,2026-11-10,2026-11-01,,,",  # 13: discharge before admission
                    )
    report = import_file(path, actor=SYSTEM)
    assert report.imported == 0 and Guest.select().count() == 1
    assert errors_of(report) == [
        (3, "name", "missing"), (4, "due_date", "bad_date"), (4, "signed_on", "bad_date"),
        (5, "phone", "bad_phone"), (5, "package_days", "bad_days"), (5, "delivery_type", "bad_delivery"),
        (6, "room", "unknown_room"), (7, "room", "room_closed"), (8, "phone", "dup_file"), (9, "phone", "dup_db"),
        (11, "room", "room_taken_row"), (12, "discharged_on", "no_admission"),
        (13, "discharged_on", "before_admission"),
    ]
    assert str(report.errors[0]) == "row 3, name: is empty"
    assert report.skipped == 10


def test_skip_bad_imports_the_good_rows(rooms, tmp_path):
    path = csv_file(tmp_path, EN_HEADER, "好客户,13811112222,,,,601,2026-11-20,,,,", "坏电话,12345,,,,,,,,,",
                    "又一位,13811113333,,,,,,,,,")
    report = import_file(path, actor=SYSTEM, skip_bad=True)
    assert (report.imported, report.skipped) == (2, 1)
    assert sorted(g.name for g in Guest.select()) == ["又一位", "好客户"]


def test_room_held_by_an_open_contract_in_the_database_is_taken(rooms, tmp_path):
    guest = Guest.create(name="在住", phone="13500000000", entered_on=TODAY, created_at=clock.now())
    Stay.create(guest=guest, contract_no="C1", room=Room.get(Room.number == "604"), status="admitted")
    path = csv_file(tmp_path, "name,phone,room,admitted_on", "新客户,13811112222,604,2026-11-22")
    report = import_file(path, actor=SYSTEM)
    assert [(e.code, e.params["who"]) for e in report.errors] == [("room_taken", "在住")]


def test_xlsx_with_typed_cells(rooms, tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["姓名", "电话", "预产期", "房号", "入住日期", "套餐天数"])
    sheet.append(["陈静", 13812345678, dt.datetime(2026, 11, 1), 603, dt.date(2026, 11, 5), 28.0])
    sheet.append(["周敏", "138", "不知道", None, None, None])
    path = tmp_path / "guests.xlsx"
    book.save(path)
    report = import_file(path, actor=SYSTEM, skip_bad=True)
    assert report.imported == 1
    assert errors_of(report) == [(3, "电话", "bad_phone"), (3, "预产期", "bad_date")]
    stay = Stay.get()
    assert (stay.due_date, stay.room.number, stay.status, stay.package_days) == (
        dt.date(2026, 11, 1), "603", "admitted", 28)


def test_gbk_csv_from_excel_is_read(rooms, tmp_path):
    path = csv_file(tmp_path, "姓名,电话", "黄蕾,13811112222", encoding="gb18030")
    assert import_file(path, actor=SYSTEM).imported == 1
    assert Guest.get().name == "黄蕾"


def test_future_admission_is_planned_not_admitted(rooms, tmp_path):
    path = csv_file(tmp_path, "name,room,admitted_on", "未来,601,2026-12-01")
    import_file(path, actor=SYSTEM)
    stay = Stay.get()
    assert (stay.status, stay.admitted_on, stay.planned_admission) == ("signed", None, dt.date(2026, 12, 1))
    assert Room.get(Room.number == "601").status == "reserved"


@pytest.mark.parametrize("lines, message", [
    (["name,colour", "张三,red"], "unknown column 'colour'"),
    (["phone,room", "13811112222,601"], "needs a name"),
    (["name,姓名", "a,b"], "appears twice"),
    ([""], "is empty"),
])
def test_bad_files_are_refused_whole(sqlite_store, tmp_path, lines, message):
    path = csv_file(tmp_path, *lines)
    with pytest.raises(ImportFileError, match=message):
        import_file(path, actor=SYSTEM)


def test_unreadable_files(sqlite_store, tmp_path):
    with pytest.raises(ImportFileError, match="no such file"):
        import_file(tmp_path / "missing.csv", actor=SYSTEM)
    (tmp_path / "guests.txt").write_text("name\nx\n")
    with pytest.raises(ImportFileError, match="use a .csv or .xlsx"):
        import_file(tmp_path / "guests.txt", actor=SYSTEM)
    (tmp_path / "broken.xlsx").write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="not a valid .xlsx"):
        import_file(tmp_path / "broken.xlsx", actor=SYSTEM)


def test_implausible_dates_are_refused_with_row_column_and_the_allowed_range(rooms, tmp_path):
    """A year 9999 or 0001 used to go in and then stop every `carefloor due` (OverflowError)."""
    path = csv_file(tmp_path, EN_HEADER,
                    "远未来,13811112222,9999-12-31,2026-06-01,,,,,,,",
                    "公元元年,13811113333,0001-01-01,,,,,,,,",
                    "签得太早,13811114444,2026-12-20,1990-01-01,,,,,,,",
                    "入住太远,13811115555,,,,,2031-01-01,,,,",
                    "正常,13811116666,2026-12-20,2026-06-01,,,,,,,")
    report = import_file(path, actor=SYSTEM)
    assert report.imported == 0 and Guest.select().count() == 0
    assert errors_of(report) == [(2, "due_date", "out_of_range"), (3, "due_date", "out_of_range"),
                                 (4, "signed_on", "out_of_range"), (5, "admitted_on", "out_of_range")]
    assert str(report.errors[0]) == "row 2, due_date: 9999-12-31 is outside the allowed range 2016-11-25 to 2027-11-23"
    assert str(report.errors[1]).startswith("row 3, due_date: 0001-01-01 is outside the allowed range")


def test_an_imported_guest_is_planned_by_the_import_itself(rooms, tmp_path):
    """No `carefloor due` needed: her visits exist once the import has committed."""
    from store.models import Task

    path = csv_file(tmp_path, "name,phone,due_date,signed_on,package_days,room,admitted_on",
                    "今天入住,13811112222,2026-11-20,2026-06-01,28,601,2026-11-23")
    assert import_file(path, actor=SYSTEM).imported == 1
    guest = Guest.get(Guest.name == "今天入住")
    visits = {t.step: t.status for t in Task.select().where(Task.guest == guest, Task.kind == "visit")}
    assert visits["visit_day1"] == "open" and visits["visit_day7"] == "open"
    assert guest.planned_through == TODAY + dt.timedelta(days=14)


def _meanwhile(monkeypatch, change):
    """Run `change` (another terminal's save) after the file was checked, before it is published."""
    from store import import_stage

    publish = import_stage.publish

    def late(*args):
        change()
        return publish(*args)

    monkeypatch.setattr(import_stage, "publish", late)


def test_a_room_taken_while_the_file_was_checked_refuses_the_import(rooms, tmp_path, monkeypatch):
    from store.errors import Conflict
    from store.guests_write import create_guest, create_stay
    from store.writes import write

    def take_603():
        def apply(tx):
            guest = create_guest(tx, name="前台新签", entered_on=TODAY)
            create_stay(tx, guest_id=guest, contract_no="C-603", room=Room.get(Room.number == "603").id)
        write(SYSTEM, "contract.add", apply)

    _meanwhile(monkeypatch, take_603)
    path = csv_file(tmp_path, "name,room,admitted_on", "甲,601,2026-11-20", "乙,603,2026-11-21")
    with pytest.raises(Conflict, match=r"room 603 \(row 3\) was taken by someone else"):
        import_file(path, actor=SYSTEM)
    assert [g.name for g in Guest.select()] == ["前台新签"]
    assert Room.get(Room.number == "601").status == "vacant"


def test_a_contract_number_entered_meanwhile_refuses_the_import(rooms, tmp_path, monkeypatch):
    from store.errors import Conflict
    from store.guests_write import create_guest, create_stay
    from store.writes import write

    def enter_c7():
        def apply(tx):
            create_stay(tx, guest_id=create_guest(tx, name="前台", entered_on=TODAY), contract_no="C-7")
        write(SYSTEM, "contract.add", apply)

    _meanwhile(monkeypatch, enter_c7)
    path = csv_file(tmp_path, "name,contract_no", "甲,C-6", "乙,C-7")
    with pytest.raises(Conflict, match="contract number in the file was entered by someone else"):
        import_file(path, actor=SYSTEM)
    assert Guest.select().count() == 1 and Event.select().where(Event.action == "guest.add").count() == 1


def test_the_report_lists_the_new_guests_in_file_order(rooms, tmp_path):
    path = csv_file(tmp_path, "name,phone", "甲,13811112222", "乙,13811113333", "丙,13811114444")
    report = import_file(path, actor=SYSTEM)
    assert [Guest.get_by_id(i).name for i in report.guest_ids] == ["甲", "乙", "丙"]
