"""Run every bench/bench_*.py module and print one table.

A module exposes `main(quick: bool) -> list[dict]`, rows of
`{"name", "median_ms", "spread", "n"}` plus optional `"ratio"` and `"note"`.
Each module runs in its own Python process (a crash or a hang cannot take the others with
it; a failure becomes a row that says why). The large generated center is built (or taken
from the cache) first and handed to the modules as $CAREFLOOR_BENCH_DB / $CAREFLOOR_BENCH_TODAY.
"""
from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
MODULE_TIMEOUT_S = {True: 120, False: 900}
_MARK = "@@BENCH-ROWS@@"


def discover(only: list[str] | None = None) -> list[str]:
    """bench_*.py module names, sorted (bench_app last: it wants a quiet machine)."""
    names = sorted(p.stem for p in (ROOT / "bench").glob("bench_*.py"))
    if only:
        names = [n for n in names if any(o in n for o in only)]
    return sorted(names, key=lambda n: (n == "bench_app", n))


def run_module(name: str, quick: bool, env: dict[str, str]) -> list[dict]:
    """Rows from one module, run in a child process; a failure becomes one row with the error."""
    code = (f"import json, bench.{name} as m; rows = m.main({quick}); "
            f"print({_MARK!r} + json.dumps(rows, default=str))")
    started = time.perf_counter()
    try:
        done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                              text=True, timeout=MODULE_TIMEOUT_S[quick])
    except subprocess.TimeoutExpired:
        return [_error_row(name, f"timed out after {MODULE_TIMEOUT_S[quick]} s")]
    rows = _parse_rows(done.stdout)
    if done.returncode != 0 or rows is None:
        last = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}, no rows"])[-1]
        return [_error_row(name, last)]
    elapsed = time.perf_counter() - started
    return [dict(r, module=name, took_s=round(elapsed, 1)) for r in rows]


def _parse_rows(stdout: str) -> list[dict] | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith(_MARK):
            try:
                rows = json.loads(line[len(_MARK):])
            except ValueError:
                return None
            return rows if isinstance(rows, list) else None
    return None


def _error_row(module: str, message: str) -> dict:
    return {"module": module, "name": f"{module}: FAILED", "median_ms": None, "spread": "",
            "n": 0, "note": message[:160]}


PACKAGES = ("store", "tui", "screens", "seeds")


def compile_sources() -> None:
    """Bytecode for carefloor's own packages, as an installed copy (or any second start) has it.

    Start figures are day-to-day starts. Python caches compiled modules in __pycache__, but not
    when PYTHONDONTWRITEBYTECODE is set (this machine sets it): then every start compiled every
    edited module again (~100 ms of the board's start), while the one-widget baseline's Textual
    came compiled from its install."""
    import compileall

    for package in PACKAGES:
        compileall.compile_dir(str(ROOT / package), quiet=2)


def machine() -> dict:
    """What the figures were measured on (and how busy it was)."""
    return {
        "cpus": os.cpu_count(), "python": platform.python_version(), "sqlite": sqlite3.sqlite_version,
        "system": f"{platform.system()} {platform.release()}", "load": _load(),
    }


def _load() -> str:
    try:
        return " ".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:
        return "?"


def summarize(name: str, samples_ms: list[float], *, ratio: float | None = None, note: str = "") -> dict:
    """A row from raw samples: median, spread as p5..p95 (or min..max when few), n."""
    ordered = sorted(samples_ms)
    lo, hi = (percentile(ordered, 0.05), percentile(ordered, 0.95)) if len(ordered) >= 20 else (ordered[0], ordered[-1])
    row = {"name": name, "median_ms": statistics.median(ordered), "spread": f"{_ms(lo)}..{_ms(hi)}",
           "n": len(ordered), "note": note}
    if ratio is not None:
        row["ratio"] = ratio
    return row


def percentile(ordered: list[float], p: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, int(round(p * len(ordered) + 0.5)) - 1))
    return ordered[index]


def format_table(info: dict, rows: list[dict], quick: bool, took_s: float) -> str:
    """The one table: machine line, then one line per figure."""
    head = (f"carefloor bench ({'quick' if quick else 'full'}) - {info['cpus']} cpus, "
            f"python {info['python']}, sqlite {info['sqlite']}, {info['system']}, "
            f"load {info['load']} at start, {info.get('load_end', '?')} at end, {took_s:.0f} s")
    cols = ["figure", "median", "spread", "n", "ratio", "note"]
    body = [[str(r.get("name", "?")), _ms(r.get("median_ms")), _spread(r.get("spread")), str(r.get("n", "")),
             _ratio(r.get("ratio")), str(r.get("note", "") or "")] for r in rows]
    widths = [max(len(c), *(len(b[i]) for b in body)) if body else len(c) for i, c in enumerate(cols)]
    widths[-1] = len(cols[-1])  # the note runs free at the end of the line
    line = lambda cells: "  ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    rule = "  ".join("-" * w for w in widths)
    foot = ("spread: a..b is p5..p95 of the samples (min..max when under 20), a single figure is max-min; "
            "ratio: this figure / its baseline measured in the same run (below 1 is better)")
    return "\n".join([head, "", line(cols), rule, *(line(b) for b in body), "", foot])


def _ms(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, str):
        return value
    return f"{value:.3f} ms" if value < 1 else f"{value:.1f} ms" if value < 1000 else f"{value / 1000:.2f} s"


def _spread(value) -> str:
    if value is None or value == "":
        return ""
    return _ms(value) if isinstance(value, (int, float)) else str(value)


def _ratio(value) -> str:
    return "" if value is None else f"{value:.2f}x" if isinstance(value, (int, float)) else str(value)
