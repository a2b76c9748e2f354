"""`python -m bench [--quick] [--only NAME ...] [--no-large]`: every benchmark, one table."""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench import runner


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer runs: under a minute")
    parser.add_argument("--only", nargs="*", help="run only modules whose name contains one of these")
    parser.add_argument("--no-large", action="store_true", help="do not build the large center")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    runner.compile_sources()
    info = runner.machine()
    env = dict(os.environ)
    rows = []
    with tempfile.TemporaryDirectory(prefix="cf-bench-") as work:
        if not args.no_large and not os.environ.get("CAREFLOOR_BENCH_DB"):
            rows.append(_large_center(args.quick, env, Path(work)))
        for name in runner.discover(args.only):
            print(f"running {name} ...", file=sys.stderr, flush=True)
            rows.extend(runner.run_module(name, args.quick, env))
    info["load_end"] = runner._load()
    table = runner.format_table(info, rows, args.quick, time.perf_counter() - started)
    print(table)
    runner.OUT.mkdir(parents=True, exist_ok=True)
    (runner.OUT / f"latest-{'quick' if args.quick else 'full'}.txt").write_text(table + "\n", encoding="utf-8")
    return 0


def _large_center(quick: bool, env: dict[str, str], work: Path) -> dict:
    """Build (or reuse) the generated center; a copy of it goes to the modules through env.

    A copy, because the benches write (outcomes, generation): the cached file stays as built.
    """
    from bench import large_center

    print("large center ...", file=sys.stderr, flush=True)
    try:
        path, today, took_s, cached = large_center.ensure(quick)
    except Exception as exc:  # a failed generator must not stop the other figures
        return runner._error_row("large_center", f"{type(exc).__name__}: {exc}")
    copy = work / path.name
    shutil.copyfile(path, copy)
    os.chmod(copy, 0o660)  # health data: the store refuses a file every user could read
    shutil.copyfile(f"{path}-audit.key", f"{copy}-audit.key")  # the audit chain's key lives beside the file
    os.chmod(f"{copy}-audit.key", 0o600)
    env["CAREFLOOR_BENCH_DB"], env["CAREFLOOR_BENCH_TODAY"] = str(copy), today
    size = large_center.SIZES[quick]
    note = f"{size['rooms']} rooms, {size['guests']:,} guests, {size['tasks']:,} tasks, {size['logs']:,} logs"
    return {"name": "large center generated" + (" (cached)" if cached else ""), "median_ms": took_s * 1000,
            "spread": "", "n": 1, "note": note + ("; build time of the cached file" if cached else "")}


if __name__ == "__main__":
    sys.exit(main())
