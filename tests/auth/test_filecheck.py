"""The database file holds health data: created with its setup's mode, refused when every user can read it."""
from __future__ import annotations

import os
import stat

import pytest

from store import db as store_db, filecheck
from store.errors import DatabaseUnavailable


def _mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_new_database_file_in_the_accounts_own_folder_is_0600_whatever_the_umask(tmp_path, frozen_clock):
    folder = tmp_path / "own"
    folder.mkdir(mode=0o700)
    path = folder / "center.db"
    old = os.umask(0o022)
    try:
        store_db.open_database(str(path))
        store_db.close()
    finally:
        os.umask(old)
    assert _mode(path) == 0o600
    store_db.open_database(str(path))  # and it opens again
    store_db.close()


def test_new_database_file_in_a_group_folder_is_0660_whatever_the_umask(tmp_path, frozen_clock):
    folder = tmp_path / "shared"
    folder.mkdir()
    os.chmod(folder, 0o2770)
    path = folder / "center.db"
    old = os.umask(0o077)
    try:
        store_db.open_database(str(path))
        store_db.close()
    finally:
        os.umask(old)
    assert _mode(path) == 0o660
    assert os.stat(path).st_gid == os.stat(folder).st_gid


@pytest.mark.parametrize("folder_mode, fix", [(0o700, "chmod 0600"), (0o2770, "chmod 0660")])
def test_world_readable_file_is_refused_with_the_fix_for_its_setup(tmp_path, frozen_clock, folder_mode, fix):
    folder = tmp_path / "db"
    folder.mkdir()
    os.chmod(folder, folder_mode)
    path = folder / "center.db"
    store_db.open_database(str(path))
    store_db.close()
    os.chmod(path, 0o644)
    with pytest.raises(DatabaseUnavailable) as caught:
        store_db.open_database(str(path))
    assert f"{fix} {path}" in str(caught.value)
    os.chmod(path, 0o660)
    store_db.open_database(str(path))
    store_db.close()


def test_sqlite_url_is_checked_too(tmp_path, frozen_clock):
    path = tmp_path / "url.db"
    path.write_bytes(b"")
    os.chmod(path, 0o604)
    with pytest.raises(DatabaseUnavailable, match="every user"):
        store_db.open_database(f"sqlite:///{path}")


def test_group_readable_file_is_fine(tmp_path):
    path = tmp_path / "g.db"
    path.write_bytes(b"")
    os.chmod(path, 0o640)
    filecheck.check_private(path)


@pytest.mark.parametrize("target", ["postgresql://u@h/db", ":memory:", "sqlite:///:memory:"])
def test_no_file_no_check(target):
    assert filecheck.sqlite_path(target) is None
