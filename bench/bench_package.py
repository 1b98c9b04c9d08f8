"""The app's own bundle (issue 9): the Linux one-folder build's size and start.

    bash packaging/linux/build.sh && python bench/bench_package.py [FOLDER]

- the Linux one-folder bundle (default dist/casefile): its size, under 250 MB,
  beside what `pip install .` puts in site-packages;
- launch to the window shown on the demo case (offscreen unless
  QT_QPA_PLATFORM says otherwise), under 2 s, beside the same entry script run
  by this Python (packaging/casefile_gui.py), and `casefile --version` beside
  the console script. Medians of 7, the two alternating, after one unmeasured
  run each; CASEFILE_SMOKE_TEST makes the window print when its first frame is
  painted and quit (packaging/casefile_smoke.py).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def folder_size(folder: Path) -> int:
    """Bytes of the files under `folder`, as a tarball or a disk holds them (links not followed)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def pip_install_size() -> int:
    """Bytes `pip install .` puts in site-packages: casefile and its dependencies, installed."""
    import re
    from importlib.metadata import PackageNotFoundError, distribution

    seen: set[str] = set()
    total = folder_size(HERE.parent / "casefile") + folder_size(HERE.parent / "ui") \
        + folder_size(HERE.parent / "resources")  # this checkout is installed editable
    todo = [r for r in distribution("casefile").requires or [] if "extra ==" not in r]
    while todo:
        name = re.split(r"[ ;<>=!~\[(]", todo.pop(), maxsplit=1)[0].lower().replace("_", "-")
        if name in seen:
            continue
        seen.add(name)
        try:
            dist = distribution(name)
        except PackageNotFoundError:
            continue  # a marker for another platform
        for f in dist.files or []:
            path = Path(dist.locate_file(f))
            if path.is_file() and "__pycache__" not in path.parts:
                total += path.stat().st_size
        todo += [r for r in dist.requires or [] if "extra ==" not in r]
    return total


def _launch(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting `command` to the window's first frame (its smoke line)."""
    start = time.time()
    out = subprocess.run(command, capture_output=True, text=True, env=env, check=True).stdout
    [line] = [x for x in out.splitlines() if x.startswith("casefile-smoke: shown at")]
    return float(line.split()[3].rstrip(":")) - start


def _wall(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, capture_output=True, env=env, check=True)
    return time.perf_counter() - start


def app_figures(bundle: Path, runs: int = 7) -> list[str]:
    from casefile.demo import build_demo

    if not (bundle / "casefile-gui").exists():
        raise SystemExit(f"No bundle in {bundle}: run bash packaging/linux/build.sh first.")
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        case = build_demo(tmp / "demo")
        env = {**os.environ, "CASEFILE_SMOKE_TEST": "1", "HOME": str(tmp),
               "XDG_CONFIG_HOME": str(tmp / "config"), "CASEFILE_DATA_DIR": str(tmp / "data"),
               "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
        env.pop("PYTHONPATH", None)
        frozen = [str(bundle / "casefile-gui"), str(case)]
        here = [sys.executable, str(HERE.parent / "packaging" / "casefile_gui.py"), str(case)]
        versions = ([str(bundle / "casefile"), "--version"],
                    [str(Path(sys.executable).with_name("casefile")), "--version"])
        for command in (frozen, here):  # one unmeasured run each: the page cache, warmed
            _launch(command, env)
        shown: dict[str, list[float]] = {"frozen": [], "here": [], "cli": [], "cli-here": []}
        for _ in range(runs):  # alternating, so that the machine's moods fall on both
            shown["frozen"].append(_launch(frozen, env))
            shown["here"].append(_launch(here, env))
            shown["cli"].append(_wall(versions[0], env))
            shown["cli-here"].append(_wall(versions[1], env))
    size, reference = folder_size(bundle), pip_install_size()
    tarballs = sorted(bundle.parent.glob("casefile-*-linux-*.tar.gz"))
    packed = f" (tarball {tarballs[-1].stat().st_size / 1e6:.0f} MB)" if tarballs else ""
    f, h, c, ch = (statistics.median(shown[k]) for k in ("frozen", "here", "cli", "cli-here"))

    def spread(k: str) -> str:
        return f"{min(shown[k]):.2f}–{max(shown[k]):.2f} s"

    return [f"| The Linux one-folder bundle | {size / 1e6:.0f} MB{packed} | what `pip install .` "
            f"puts in site-packages: {reference / 1e6:.0f} MB (ratio {size / reference:.2f}x) "
            "| under 250 MB |",
            f"| Launch to the window shown on the demo case, from the bundle | {f:.2f} s "
            f"({spread('frozen')}) | the same entry script run by the venv's Python: {h:.2f} s "
            f"({spread('here')}; ratio {f / h:.2f}x) | under 2 s |",
            f"| `casefile --version`, from the bundle | {c:.2f} s ({spread('cli')}) | the venv's "
            f"console script: {ch:.2f} s ({spread('cli-here')}; ratio {c / ch:.2f}x) | |"]


def main() -> int:
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parent / "dist" / "casefile"
    print("| figure | measured | beside it | target |")
    print("| --- | --- | --- | --- |")
    for row in app_figures(bundle.resolve()):
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
