"""The README's multi-user setup, run as written (names and paths moved into a temp root): a dedicated
`carefloor` account owns the folder and every file; staff reach the app only through the sudo rule,
and cannot open the file themselves. Also the group setup's old trap: the first account of the day
made backups/ with its umask and the next one's backup failed.

Needs root and useradd/sudo/visudo/runuser (this sandbox and CI have them); creates OS users and a
sudoers file with unique names and removes them afterwards."""
from __future__ import annotations

import fcntl
import os
import pty
import re
import secrets
import select
import shutil
import signal
import sqlite3
import struct
import subprocess
import sys
import sysconfig
import tempfile
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
TOOLS = ("useradd", "userdel", "groupadd", "groupdel", "usermod", "install", "sudo", "visudo", "runuser")
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][A-Z0-9]|\x1b[=>]")



def _python_for_others() -> str | None:
    """A Python the test's OS users may run: this one, unless it lives in root's home (pyenv: 0700)."""
    for candidate in (os.path.realpath(sys.executable), "/usr/bin/python3"):
        if os.path.exists(candidate) and _others_may_run(candidate):
            return candidate
    return None


def _others_may_run(path: str) -> bool:
    parts = Path(path).parents
    return os.stat(path).st_mode & 0o001 and all(os.stat(p).st_mode & 0o001 for p in parts)


PYTHON = _python_for_others()
SITE = sysconfig.get_paths()["purelib"]  # this checkout's dependencies, read by that Python

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(os.geteuid() != 0, reason="creates OS users and a sudoers file: needs root"),
    pytest.mark.skipif(any(shutil.which(t) is None for t in TOOLS),
                       reason=f"needs {', '.join(TOOLS)} (apt-get install sudo passwd util-linux)"),
    pytest.mark.skipif(PYTHON is None, reason="no Python 3.11 that other OS users may run (this one is in a 0700 home)"),
]


def _readme_setup() -> tuple[list[str], str]:
    """The shell commands and the sudoers rule of the README's dedicated-account section."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("### One account owns the file"):text.index("### The files carefloor creates")]
    commands = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    sudoers = re.search(r"```sudoers\n(.*?)```", section, re.S).group(1)
    return [line for line in commands.splitlines() if line.strip()], sudoers


class Names:
    """The README's names and paths, moved to unique ones in a temp root."""

    def __init__(self) -> None:
        tag = secrets.token_hex(3)
        self.account, self.group, self.staff = f"cfa{tag}", f"cfs{tag}", f"cfw{tag}"
        self.root = Path(tempfile.mkdtemp(prefix="cf-deploy-"))
        os.chmod(self.root, 0o755)  # like / : others may pass through
        for parent in ("srv", "var/lib", "home"):
            (self.root / parent).mkdir(parents=True)
        self.folder = self.root / "srv" / "carefloor"
        self.home = self.root / "var" / "lib" / "carefloor"
        self.db = self.folder / "center.db"
        self.sudoers = Path(f"/etc/sudoers.d/cftest{tag}")
        self.program = self.root / "opt" / "bin" / "carefloor"  # /opt/carefloor/bin/carefloor: a launcher
        self.program.parent.mkdir(parents=True)
        self.program.write_text(f"#!/bin/sh\nPYTHONPATH={ROOT}:{SITE} exec {PYTHON} -m tui.cli \"$@\"\n")
        os.chmod(self.program, 0o755)

    def apply(self, text: str) -> str:
        """README text with our names: placeholders first, so no name lands inside another."""
        text = text.replace("/opt/carefloor/bin/carefloor", "\0PROGRAM\0").replace("/srv/carefloor", "\0FOLDER\0")
        text = text.replace("/var/lib/carefloor", "\0HOME\0").replace("carefloor-staff", "\0GROUP\0")
        text = re.sub(r"\bcarefloor\b", self.account, text).replace("wang.li", self.staff)
        return (text.replace("\0PROGRAM\0", str(self.program)).replace("\0FOLDER\0", str(self.folder))
                .replace("\0HOME\0", str(self.home)).replace("\0GROUP\0", self.group))

    def cleanup(self) -> None:
        self.sudoers.unlink(missing_ok=True)
        for user in (self.staff, self.account):
            subprocess.run(["userdel", "-r", user], capture_output=True)
        subprocess.run(["groupdel", self.group], capture_output=True)
        subprocess.run(["groupdel", self.account], capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)


def _sh(command: str, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run(command, shell=True, capture_output=True, text=True, timeout=120, cwd="/")
    if check:
        assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    return done


def _as(user: str, *argv: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([shutil.which("runuser"), "-u", user, "--", *argv], capture_output=True, text=True, timeout=120,
                          cwd="/", env=env)


@pytest.fixture
def names():
    made = Names()
    try:
        yield made
    finally:
        made.cleanup()


def _owner_and_mode(path: Path) -> tuple[str, int]:
    import pwd

    st = path.stat()
    return pwd.getpwuid(st.st_uid).pw_name, st.st_mode & 0o7777


class Terminal:
    """A staff member's terminal: a pty running `runuser -u STAFF -- sudo -u carefloor ...`."""

    def __init__(self, argv: list[str], env: dict):
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, cwd="/", env=env,
                                     start_new_session=True, close_fds=True)
        os.close(slave)
        self.seen = ""

    def wait_for(self, text: str, timeout: float = 60.0) -> None:
        end = time.monotonic() + timeout
        while text not in ESCAPES.sub("", self.seen):
            assert time.monotonic() < end, f"{text!r} never appeared; exit={self.proc.poll()}; {self.seen[-400:]!r}"
            if select.select([self.master], [], [], 0.1)[0]:
                try:
                    self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                except OSError:
                    assert False, f"the terminal closed before {text!r}: {self.seen[-400:]!r}"

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def close(self) -> int:
        try:
            end = time.monotonic() + 20
            while self.proc.poll() is None and time.monotonic() < end:
                if select.select([self.master], [], [], 0.1)[0]:
                    try:
                        self.seen += os.read(self.master, 65536).decode("utf-8", "replace")
                    except OSError:
                        break
            return self.proc.wait(timeout=1)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            return self.proc.wait(timeout=10)
        finally:
            os.close(self.master)


def test_the_readme_setup_keeps_staff_out_of_the_file_and_lets_them_in_through_sudo(names):
    commands, sudoers = _readme_setup()
    _sh(f"useradd --create-home --home-dir {names.root}/home/{names.staff} --shell /bin/sh {names.staff}")  # a person
    for line in commands:  # as root, as the README says
        _sh(names.apply(line))
    names.sudoers.write_text(names.apply(sudoers), encoding="utf-8")
    os.chmod(names.sudoers, 0o440)
    _sh(f"visudo -cf {names.sudoers}")

    # the account's folder and files: nobody else's
    assert _owner_and_mode(names.folder) == (names.account, 0o700)
    for suffix in ("", "-audit.key", "-wturn"):
        assert _owner_and_mode(Path(f"{names.db}{suffix}")) == (names.account, 0o600), suffix

    # a staff member cannot read, list or copy it with any other tool
    assert _as(names.staff, "cat", str(names.db)).returncode != 0
    assert _as(names.staff, "ls", str(names.folder)).returncode != 0
    opened = _as(names.staff, PYTHON, "-c",
                 f"import sqlite3; sqlite3.connect('file:{names.db}?mode=ro', uri=True).execute('select 1')")
    assert opened.returncode != 0 and "unable to open" in opened.stderr

    # nor use sudo for anything but the app on that database
    for argv in (["backup", "/tmp/x.db", "--db", str(names.db)], ["--db", "/tmp/other.db"],
                 ["restore", "/tmp/x.db", "--db", str(names.db)], ["audit", "--new-key", "--db", str(names.db)]):
        refused = _as(names.staff, "sudo", "-n", "-u", names.account, str(names.program), *argv)
        assert refused.returncode != 0 and "password is required" in refused.stderr, argv

    # through the rule: the app, signed in with their own number and PIN; the ssh client is kept
    env = {"PATH": "/usr/bin:/bin", "TERM": "xterm-256color", "LANG": "C.UTF-8", "CAREFLOOR_LANG": "en",
           "SSH_CLIENT": "10.9.8.7 51000 22", "SSH_CONNECTION": "10.9.8.7 51000 10.0.0.1 22"}
    term = Terminal([shutil.which("runuser"), "-u", names.staff, "--", "sudo", "-n", "-u", names.account, str(names.program),
                     "--db", str(names.db)], env)
    try:
        term.wait_for("PIN")
        term.type("M1\r")
        time.sleep(0.5)
        term.type("9999\r")
        term.wait_for("601")
        time.sleep(1.0)
        term.type("q")
    finally:
        code = term.close()
    assert code == 0, term.seen[-400:]

    con = sqlite3.connect(names.db)  # root may
    login = con.execute("SELECT os_user, client FROM event WHERE action = 'login' ORDER BY id DESC LIMIT 1").fetchone()
    con.close()
    assert login == (names.staff, "10.9.8.7:51000")  # the person who ran sudo, and where from

    # everything the app made on its run (WAL files, the day's backup, the heads) is the account's alone
    backups = names.folder / "backups"
    end = time.monotonic() + 20
    while not list(backups.glob("carefloor-*.db")) and time.monotonic() < end:
        time.sleep(0.1)
    assert _owner_and_mode(backups) == (names.account, 0o700)
    made = [p for p in names.root.rglob("*") if p.stat().st_uid == _uid(names.account)]
    assert list(backups.glob("carefloor-*.db")) and (backups / "audit-heads.jsonl").exists()
    loose = {str(p): oct(p.stat().st_mode & 0o777) for p in made
             if p.stat().st_mode & 0o077 and p != names.home and not p.is_relative_to(names.home)}
    assert loose == {}

    # and the administrator checks the trail as the account
    verified = _sh(f"sudo -u {names.account} {names.program} audit --verify --db {names.db}")
    assert verified.stdout.startswith("audit chain intact")


def _uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def test_in_a_group_folder_the_next_account_of_the_day_can_still_back_up(names):
    """Group setup (2770): the first account made backups/ under umask 022 (it used to be 2755)."""
    _sh(f"groupadd {names.group}")
    for user in (names.account, names.staff):
        _sh(f"useradd --no-create-home --shell /usr/sbin/nologin -G {names.group} {user}")
    names.folder.mkdir()
    shutil.chown(names.folder, group=names.group)
    os.chmod(names.folder, 0o2770)
    day = """
import os, sys
os.umask(0o022)
from store import backup, clock, db as store_db
clock.install(clock.FixedClock(sys.argv[2]))
from store.writes import SYSTEM, write
store_db.open_database(sys.argv[1])
write(SYSTEM, "start", lambda tx: tx.record("day", None))  # sealed with the key the first one made
print(backup.auto_backup(sys.argv[1]))
store_db.close()
"""
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{ROOT}:{SITE}", "HOME": str(names.root)}
    first = _as(names.account, PYTHON, "-c", day, str(names.db), "2026-11-23T02:00:00+00:00", env=env)
    assert first.returncode == 0, first.stderr
    second = _as(names.staff, PYTHON, "-c", day, str(names.db), "2026-11-24T02:00:00+00:00", env=env)
    assert second.returncode == 0 and "carefloor-2026-11-24.db" in second.stdout, second.stderr
    backups = names.folder / "backups"
    assert _owner_and_mode(backups) == (names.account, 0o2770)
    assert {p.name: oct(p.stat().st_mode & 0o777) for p in backups.iterdir()} == {
        "carefloor-2026-11-23.db": "0o640", "carefloor-2026-11-24.db": "0o640", "audit-heads.jsonl": "0o660"}
    assert oct(names.db.stat().st_mode & 0o777) == "0o660"
    assert oct(Path(f"{names.db}-audit.key").stat().st_mode & 0o777) == "0o640"
    assert len((backups / "audit-heads.jsonl").read_text().splitlines()) == 2  # both appended
