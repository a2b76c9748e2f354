"""Every file carefloor creates, under the usual umask 022: never readable by others; owner-only in
the dedicated account's own folder, the folder's group in a group-writable one (store/filemodes.py)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from store import backup, db as store_db
from tests.reliability.helpers import prepare_center, write_note
from tui import cli, crash

SETUPS = {  # folder mode -> (files others write, files others read, folders)
    "dedicated": (0o700, 0o600, 0o600, 0o700),
    "group": (0o2770, 0o660, 0o640, 0o2770),
}


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture(autouse=True)
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


@pytest.fixture(params=sorted(SETUPS))
def setup(request, tmp_path, frozen_clock, monkeypatch):
    """(database path, modes) in a folder of that setup, with a few written events."""
    folder_mode, shared, read, folders = SETUPS[request.param]
    home = tmp_path / "srv"
    home.mkdir()
    os.chmod(home, folder_mode)
    db = home / "center.db"
    prepare_center(str(db))
    store_db.open_database(str(db))
    write_note(0, 0, "modes")
    store_db.close()
    monkeypatch.setenv("CAREFLOOR_LANG", "en")
    yield db, shared, read, folders
    store_db.close()


def test_the_database_its_wal_shm_key_and_write_turn_files(setup):
    db, shared, read, folders = setup
    store_db.open_database(str(db))  # WAL files exist while a connection is open
    try:
        write_note(0, 1, "modes")
        files = {name: _mode(Path(f"{db}{name}")) for name in ("", "-wal", "-shm", "-wturn", "-audit.key")}
        assert files == {"": shared, "-wal": shared, "-shm": shared, "-wturn": shared, "-audit.key": read}
        places = Path(f"{db}-wturn.d")
        assert _mode(places) == folders and {_mode(p) for p in places.iterdir()} == {shared}
    finally:
        store_db.close()


def test_the_daily_backup_its_folder_and_the_recorded_heads(setup):
    db, shared, read, folders = setup
    made = backup.daily_backup_if_due(db, db.parent / "backups")
    assert _mode(db.parent / "backups") == folders
    assert _mode(made) == read and _mode(db.parent / "backups" / "audit-heads.jsonl") == shared
    assert not [p for p in (db.parent / "backups").iterdir() if p.name.startswith(".")]  # no temp left


def test_a_backups_folder_another_umask_made_is_put_right(setup):
    """The first account of the day made backups/ 2755: the next one could not write today's copy."""
    db, shared, read, folders = setup
    (db.parent / "backups").mkdir()
    os.chmod(db.parent / "backups", 0o2755)
    backup.daily_backup_if_due(db, db.parent / "backups")
    assert _mode(db.parent / "backups") == folders


def test_a_backup_and_a_restore(setup, tmp_path):
    db, shared, read, folders = setup
    copy = backup.backup_file(db, db.parent / "copy.db")
    assert _mode(copy) == read
    _, previous = backup.restore(copy, db)
    assert _mode(previous) == read and _mode(db) == shared
    fresh = db.parent / "fresh.db"
    backup.restore(copy, fresh)  # a restore where there was no database yet
    assert _mode(fresh) == shared


@pytest.mark.parametrize("argv", [
    ["handover", "--xlsx", "{out}/h.xlsx"], ["handover", "--md", "{out}/h.md"], ["handover", "--txt", "{out}/h.txt"],
    ["report", "--xlsx", "{out}/r.xlsx"], ["report", "overdue", "--csv", "{out}/r.csv"], ["report", "--md", "{out}/r.md"],
])
def test_exports(setup, capsys, argv):
    db, shared, read, folders = setup
    argv = [a.format(out=db.parent) for a in argv]
    assert cli.main([*argv, "--db", str(db)]) == 0, capsys.readouterr().err
    assert _mode(Path(argv[-1])) == read


def test_an_export_over_a_world_readable_file_replaces_it_with_a_private_one(setup, capsys):
    db, shared, read, folders = setup
    target = db.parent / "h.md"
    target.write_text("old")
    os.chmod(target, 0o644)
    assert cli.main(["handover", "--md", str(target), "--db", str(db)]) == 0
    assert _mode(target) == read and "old" not in target.read_text()


def test_the_crash_log_is_the_persons_own(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    path = crash.write_log(ZeroDivisionError("x"), "now")
    assert (_mode(path), _mode(path.parent)) == (0o600, 0o700)


def test_a_database_folder_carefloor_makes_is_the_accounts_own(tmp_path, frozen_clock):
    db = tmp_path / "new" / "center.db"
    store_db.open_database(str(db))
    store_db.close()
    assert (_mode(db.parent), _mode(db)) == (0o700, 0o600)


@pytest.mark.parametrize("folder_mode, fix", [(0o700, "chmod 0600"), (0o2770, "chmod 0660")])
def test_backup_refuses_a_world_readable_database_naming_the_fix(tmp_path, frozen_clock, capsys, folder_mode, fix):
    home = tmp_path / "srv"
    home.mkdir()
    os.chmod(home, folder_mode)
    db = home / "center.db"
    prepare_center(str(db))
    os.chmod(db, 0o644)
    with pytest.raises(backup.BackupError, match=f"every user.*{fix} {db}"):
        backup.backup_file(db, tmp_path / "copy.db")
    assert not (tmp_path / "copy.db").exists()
    code = cli.main(["backup", str(tmp_path / "copy.db"), "--db", str(db)])
    err = capsys.readouterr().err
    assert code == 1 and f"{fix} {db}" in err and len(err.splitlines()) == 1 and not (tmp_path / "copy.db").exists()
