"""`carefloor staff`: first manager of an empty database, list, reset PIN, deactivate, bad input."""
from __future__ import annotations

import pytest

from store import db as store_db
from store.models import Staff
from store.pins import verify_pin


def staff_row(path, number):
    store_db.open_database(str(path))
    try:
        return Staff.get_or_none(Staff.number == number)
    finally:
        store_db.close()


def test_first_manager_creates_the_database(tmp_path, run_cli):
    path = tmp_path / "new" / "center.db"
    code, out, err = run_cli("staff", "add", "M1", "王店长", "--role", "manager", "--pin", "9999", "--db", path)
    assert code == 0 and "added M1 王店长 (Store manager)" in out
    assert verify_pin("9999", staff_row(path, "M1").pin_hash)


def test_list_aligns_names(tmp_path, run_cli):
    path = tmp_path / "c.db"
    run_cli("staff", "add", "M1", "王店长", "--role", "manager", "--pin", "9999", "--db", path)
    run_cli("staff", "add", "N10", "Lin", "--role", "nurse", "--pin", "1111", "--db", path)
    code, out, err = run_cli("staff", "list", "--db", path)
    lines = out.splitlines()
    assert code == 0 and lines[0].startswith("M1   王店长  Store manager") and lines[1].startswith("N10  Lin     Nurse")


def test_pin_prompted_twice(tmp_path, run_cli, monkeypatch):
    answers = iter(["4321", "4321"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    path = tmp_path / "c.db"
    assert run_cli("staff", "add", "N1", "林护士", "--role", "nurse", "--db", path)[0] == 0
    assert verify_pin("4321", staff_row(path, "N1").pin_hash)


def test_pin_mismatch_changes_nothing(demo_db, run_cli, monkeypatch):
    answers = iter(["4321", "4322"])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    code, out, err = run_cli("staff", "reset-pin", "N1", "--db", demo_db)
    assert code == 1 and "the two PINs differ" in err
    assert verify_pin("1111", staff_row(demo_db, "N1").pin_hash)


def test_reset_pin_and_deactivate(demo_db, run_cli):
    assert run_cli("staff", "reset-pin", "N1", "--pin", "5555", "--db", demo_db)[0] == 0
    assert verify_pin("5555", staff_row(demo_db, "N1").pin_hash)
    code, out, err = run_cli("staff", "deactivate", "N2", "--db", demo_db)
    assert code == 0 and not staff_row(demo_db, "N2").active
    code, out, err = run_cli("staff", "role", "C2", "supervisor", "--db", demo_db)
    assert code == 0 and staff_row(demo_db, "C2").role == "supervisor"


@pytest.mark.parametrize("argv, message, code", [
    (["add", "N9", "x", "--role", "cook", "--pin", "1111"], "unknown role 'cook'", 1),
    (["add", "N9", "x", "--role", "nurse", "--pin", "12"], "a PIN is 4 to 8 digits", 1),
    (["add", "N1", "x", "--role", "nurse", "--pin", "1111"], "staff number N1 is already taken", 1),
    (["add", "N 9", "x", "--role", "nurse", "--pin", "1111"], "number: use 1-16 letters", 1),
    (["add", "N9", "x", "--role", "nurse"], "a PIN is needed", 1),  # stdin is not a terminal
    (["reset-pin", "Z9", "--pin", "1111"], "no staff with number 'Z9'", 1),
    (["deactivate", "Z9"], "no staff with number 'Z9'", 1),
    (["deactivate", "M1"], "last active manager", 1),
    (["role", "N1", "boss"], "unknown role 'boss'", 1),
    (["add", "N9", "x"], "--role", 2),
])
def test_bad_input_is_one_line(demo_db, run_cli, argv, message, code, monkeypatch):
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    if code == 2:
        with pytest.raises(SystemExit) as exit_:
            run_cli("staff", *argv, "--db", demo_db)
        assert exit_.value.code == 2
        return
    got, out, err = run_cli("staff", *argv, "--db", demo_db)
    assert got == code and message in err and len(err.strip().splitlines()) == 1, err


def test_list_needs_an_existing_database(tmp_path, run_cli):
    code, out, err = run_cli("staff", "list", "--db", tmp_path / "none.db")
    assert code == 1 and "no database at" in err and not (tmp_path / "none.db").exists()


def test_unlock_lifts_a_lock_and_is_audited(demo_db, run_cli):
    from store import auth
    from store.models import Event

    store_db.open_database(str(demo_db))
    try:
        for _ in range(auth.LOCKOUT_ATTEMPTS):
            with pytest.raises(auth.LoginFailed):
                auth.login("N1", "0000")
    finally:
        store_db.close()
    code, out, err = run_cli("staff", "list", "--db", demo_db)
    assert code == 0 and any(line.startswith("N1 ") and "locked until" in line for line in out.splitlines())
    code, out, err = run_cli("staff", "unlock", "N1", "--db", demo_db)
    assert code == 0 and "N1 unlocked" in out
    code, out, err = run_cli("staff", "unlock", "N1", "--db", demo_db)
    assert code == 1 and "N1 is not locked" in err
    store_db.open_database(str(demo_db))
    try:
        assert auth.login("N1", "1111").name
        event = Event.get(Event.action == "staff.unlock")
        assert event.staff_name == "carefloor staff unlock" and event.after == {"failed_pins": 0, "locked_until": None}
    finally:
        store_db.close()
