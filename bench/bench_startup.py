"""Start-up of the `casefile` command (issue 21 item 5): `casefile --version`
and `casefile --help`, each beside a bare `python -c pass` in the same run,
as a ratio. The runs are interleaved (bare, version, help, bare, …) so a
burst of load on the machine falls on all three alike; figures are medians.

    python bench/bench_startup.py              # this checkout
    python bench/bench_startup.py --before REV # also the code of git REV, same run

`--before` unpacks `casefile/` of that revision into a temporary folder
(git archive) and runs it with PYTHONPATH pointing there, so the old and the
new command are timed by the same interpreter with the same site-packages.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TARGET_S = 0.15


def _time(command: list[str], env: dict | None = None) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=env, cwd=tempfile.gettempdir())
    return time.perf_counter() - start


def _unpack(rev: str, into: Path) -> None:
    archive = subprocess.run(["git", "-C", str(REPO), "archive", rev, "casefile"],
                             capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive, check=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--before", metavar="REV", help="also time the command at git REV")
    args = parser.parse_args()

    python = sys.executable
    # The console script pip wrote, as a user runs it; else `python -m casefile`.
    script = Path(python).with_name("casefile")
    cmd = [str(script)] if script.exists() else [python, "-m", "casefile"]
    # Run from a temporary folder: the checkout on sys.path would shadow nothing
    # here (an editable install), but the old revision must come first.
    cases: dict[str, tuple[list[str], dict | None]] = {
        "python -c pass": ([python, "-c", "pass"], None),
        "casefile --version": ([*cmd, "--version"], None),
        "casefile --help": ([*cmd, "--help"], None),
    }
    old = None
    if args.before:
        old = tempfile.TemporaryDirectory()
        _unpack(args.before, Path(old.name))
        env = {**os.environ, "PYTHONPATH": old.name}
        # The old tree's own entry point is casefile.cli:main too; -m finds it first.
        cases[f"casefile --version at {args.before}"] = (
            [python, "-m", "casefile", "--version"], env)
        cases[f"casefile --help at {args.before}"] = ([python, "-m", "casefile", "--help"], env)

    # pip writes the .pyc files of what it installs; this shell may say
    # PYTHONDONTWRITEBYTECODE, so write them as an installed copy has them.
    for tree in [REPO / "casefile"] + ([Path(old.name) / "casefile"] if old else []):
        subprocess.run([python, "-m", "compileall", "-q", str(tree)], check=True,
                       stdout=subprocess.DEVNULL)
    for command, env in cases.values():  # warm the file cache
        _time(command, env)
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (command, env) in cases.items():
            times[name].append(_time(command, env))
    if old is not None:
        old.cleanup()

    load = os.getloadavg()
    bare = statistics.median(times["python -c pass"])
    print(f"load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}; {args.runs} runs each, "
          f"interleaved; command: {' '.join(Path(c).name for c in cmd)}")
    print(f"| {'run':38} | median | p90 | ratio to bare python |")
    print("| --- | --- | --- | --- |")
    for name, values in times.items():
        values.sort()
        median = statistics.median(values)
        p90 = values[int(0.9 * (len(values) - 1))]
        print(f"| {name:38} | {median * 1000:6.0f} ms | {p90 * 1000:5.0f} ms | "
              f"{median / bare:5.2f}x |")
    ok = all(statistics.median(times[n]) < TARGET_S
             for n in ("casefile --version", "casefile --help"))
    print(f"target: --version and --help under {TARGET_S * 1000:.0f} ms: "
          f"{'met' if ok else 'NOT met'} on this machine at this load")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
