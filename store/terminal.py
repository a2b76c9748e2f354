"""Which terminal a session runs on, for the audit trail (tty and ssh client address)."""
from __future__ import annotations

import os


def describe() -> str:
    """'pts/3 ssh 10.0.0.7' / 'tty1' / 'pid 1234' when there is no terminal."""
    parts = []
    try:
        parts.append(os.ttyname(0).removeprefix("/dev/"))
    except OSError:
        parts.append(f"pid {os.getpid()}")
    ssh = os.environ.get("SSH_CLIENT", "").split()
    if ssh:
        parts.append(f"ssh {ssh[0]}")
    return " ".join(parts)
