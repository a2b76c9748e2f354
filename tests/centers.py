"""Copies of a SQLite center for tests: the file and its audit key (kept beside it, store/auditkey.py)."""
from __future__ import annotations

import shutil
from pathlib import Path


def copy_center(src: Path, dst: Path) -> Path:
    """`dst`, a 0600 copy of the center at `src` that opens like the original."""
    shutil.copy(src, dst)
    dst.chmod(0o600)
    key = Path(f"{dst}-audit.key")
    shutil.copy(f"{src}-audit.key", key)
    key.chmod(0o600)
    return dst
