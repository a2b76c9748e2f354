"""Who sits at this terminal, for the audit trail: the OS user, the tty and where the session comes from.

Every event records the seat of the process that wrote it (store/writes.py), so two people on two
OS accounts, or on one shared account through sudo, are told apart:

- os_user: `SUDO_USER` when carefloor runs as its own account through sudo (sudo sets it to the
  person who typed the command), else the account the process runs as (from the password
  database: `USER` is only an environment variable anyone can set).
- tty: the ssh session's terminal (`SSH_TTY`: sudo may give the command a new pty of its own),
  else the terminal on standard input; `web` for a browser tab of `carefloor serve`.
- client: the ssh client's address and port (`SSH_CONNECTION` / `SSH_CLIENT`), or for a browser
  tab its session: textual-serve starts one app process per tab, so each process is one session.

sudo keeps SSH_CLIENT, SSH_CONNECTION and SSH_TTY only when sudoers says so (README, docs/ssh.md:
`Defaults env_keep += "SSH_CLIENT SSH_TTY SSH_CONNECTION"`). These come from the environment of
a person who may edit it; like the database file itself, they are as trustworthy as the OS
accounts around carefloor.
"""
from __future__ import annotations

import ipaddress
import os
import pwd
import uuid
from dataclasses import dataclass
from functools import lru_cache

WEB = "web"
LIMITS = {"os_user": 64, "tty": 32, "client": 128}  # the event columns' sizes (store/models.py)


@dataclass(frozen=True)
class Seat:
    os_user: str
    tty: str
    client: str

    def describe(self) -> str:
        """'wang.li pts/3 10.0.0.7:52144' / 'carefloor web 1f2e3d4c5b6a' / 'nurse tty1'."""
        return " ".join(part for part in (self.os_user, self.tty, self.client) if part)


@lru_cache(maxsize=1)
def seat() -> Seat:
    """This process's seat, read once (the environment does not change while it runs)."""
    if _in_browser():
        return Seat(_os_user(), WEB, _clean(_web_session(), "client"))
    return Seat(_os_user(), _tty(), _ssh_client())


def forget() -> None:
    """Read the seat again at the next event (tests that change the environment)."""
    seat.cache_clear()
    _web_session.cache_clear()


def describe() -> str:
    """The seat as one line, for the events' `terminal` text; 'pid 1234' when there is nothing else."""
    return seat().describe() or f"pid {os.getpid()}"


def _os_user() -> str:
    sudo_user = os.environ.get("SUDO_USER", "").strip()
    if sudo_user:
        return _clean(sudo_user, "os_user")
    try:
        return _clean(pwd.getpwuid(os.geteuid()).pw_name, "os_user")
    except KeyError:  # a uid with no account (some containers): say which uid it is
        return f"uid {os.geteuid()}"


def _tty() -> str:
    ssh_tty = os.environ.get("SSH_TTY", "").strip()
    if ssh_tty:
        return _clean(ssh_tty.removeprefix("/dev/"), "tty")
    try:
        return _clean(os.ttyname(0).removeprefix("/dev/"), "tty")
    except OSError:  # no terminal on standard input: a script, cron, a pipe
        return ""


def _ssh_client() -> str:
    """'10.0.0.7:52144' or '[fe80::1]:52144' from SSH_CONNECTION (else SSH_CLIENT); '' if neither."""
    parts = (os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_CLIENT") or "").split()
    if not parts:
        return ""
    try:
        address = ipaddress.ip_address(parts[0])
    except ValueError:  # not what sshd writes: keep what it says, made printable
        return _clean(" ".join(parts[:2]), "client")
    port = parts[1] if len(parts) > 1 and parts[1].isdigit() else ""
    shown = f"[{address}]" if address.version == 6 and port else str(address)
    return f"{shown}:{port}" if port else shown


def _in_browser() -> bool:
    """textual-serve runs each tab's app with Textual's web driver."""
    return "web_driver" in os.environ.get("TEXTUAL_DRIVER", "")


@lru_cache(maxsize=1)
def _web_session() -> str:
    return uuid.uuid4().hex[:12]


def _clean(text: str, column: str) -> str:
    """Printable and within the column: the environment is outside input like any other."""
    return "".join(ch if ch.isprintable() else "?" for ch in text)[: LIMITS[column]]
