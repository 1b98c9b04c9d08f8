"""Benchmarks for hostile files (issue 15), in one run.

    python bench/bench_hostile.py     # prints Markdown rows for RESULTS.md

1. A nested ZIP bomb (42.zip's shape: five levels of 16, 4 TiB claimed, a
   few tens of KB) imported beside one letter: the time until the import is
   done and the most bytes its temporary folder ever held (sampled every
   5 ms). Targets: under 2 s and 100 MB.
2. Peak memory (ru_maxrss of the children of a fresh process: the CLI and
   its reader or build process) of `casefile import` of every hostile input
   at once, and of `casefile bundle build` of a set whose exhibits are an
   image bomb and a letter. Target: under 500 MB.
"""

from __future__ import annotations

import contextlib
import os
import statistics
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
import zlib
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))

# The attacks the tests build, the same bytes measured here.
from tests.hostile.attacks import (  # noqa: E402
    deep_page_tree_pdf,
    many_part_email,
    nested_zip_bomb,
    pdf_file,
)

RUNS = 3


def png_bomb(side: int = 15_000) -> bytes:
    """A real, decodable grey PNG of side x side pixels (2.25e8): 225 MB of
    zeros deflated to a few hundred KB."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    packer = zlib.compressobj(9)
    row = b"\0" * (side + 1)  # filter byte + pixels
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", side, side, 8, 0,
                                                               0, 0, 0))
            + chunk(b"IDAT", data) + chunk(b"IEND", b""))


def letter_pdf() -> bytes:
    text = b"BT /F1 12 Tf 72 720 Td (A letter from the agency.) Tj ET"
    return pdf_file({1: b"<< /Type /Catalog /Pages 2 0 R >>",
                 2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources "
                    b"<< /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
                 4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                 5: b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream"})


def padding_zip(path: Path, members: int = 20) -> None:
    """Twenty 49 MiB members of zeros: a 1 GB case from a 2.7 MB ZIP, before."""
    block = b"\0" * (49 * 1024**2)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n in range(members):
            z.writestr(f"padding-{n}.txt", block)


class DiskWatch:
    def __init__(self, folder: Path) -> None:
        self.folder, self.peak, self._stop = folder, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            total = 0
            for root, _dirs, files in os.walk(self.folder):
                for f in files:
                    with contextlib.suppress(OSError):
                        total += os.lstat(os.path.join(root, f)).st_blocks * 512
            self.peak = max(self.peak, total)
            self._stop.wait(0.005)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def zip_bomb_refusal(folder: Path) -> tuple[float, float, int, int]:
    """(median seconds, peak MB in the temporary folder, bomb bytes, refusals)."""
    from casefile.ingest import import_files
    from casefile.ingest.worker import Reader
    from casefile.store import CaseFile

    bomb = folder / "42.zip"
    bomb.write_bytes(nested_zip_bomb())
    letter = folder / "letter.pdf"
    letter.write_bytes(letter_pdf())
    temp = folder / "temp"
    temp.mkdir()
    tempfile.tempdir = str(temp)
    times, peaks, refused = [], [], 0
    with Reader() as reader:
        reader.extract("text/plain", _note(folder), lambda *p: None)  # started, warm
        for run in range(RUNS):
            with CaseFile.create(folder / f"bomb-{run}", auto_backup=False) as case:
                with DiskWatch(temp) as disk:
                    t = time.perf_counter()
                    report = import_files(case, [bomb, letter], reader=reader)
                    times.append(time.perf_counter() - t)
                peaks.append(disk.peak)
                assert report.count("added") == 1, report.summary()
                refused = report.count("failed")
    tempfile.tempdir = None
    return statistics.median(times), max(peaks) / 1e6, bomb.stat().st_size, refused


def _note(folder: Path) -> Path:
    path = folder / "warm.txt"
    path.write_text("warm")
    return path


MEASURE = """
import resource, subprocess, sys, time
t = time.perf_counter()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, time.perf_counter() - t,
      done.returncode)
sys.stderr.write(done.stdout[-2000:] + done.stderr[-2000:])
"""


def peak_of(env: dict, *command: str) -> tuple[float, float, int, str]:
    """(peak RSS MB of the command and its children, seconds, exit code, output)."""
    done = subprocess.run([sys.executable, "-c", MEASURE, sys.executable, "-m", "casefile",
                           *command], capture_output=True, text=True, env=env, cwd=REPO)
    rss, seconds, code = done.stdout.split()
    return int(rss) / 1024, float(seconds), int(code), done.stderr


def hostile_inputs(folder: Path) -> list[Path]:
    made = {
        "42.zip": nested_zip_bomb(),
        "plan.png": png_bomb(),
        "deep.pdf": deep_page_tree_pdf(100_000),
        "release.eml": many_part_email(20_000),
        "x\nadded FAKE-SEALED-ORDER.pdf (99 pages).pdf": letter_pdf(),
    }
    paths = []
    for name, data in made.items():
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    big = folder / "disk-image.bin"
    with big.open("wb") as f:
        f.write(b"\x7fELF\x02\x01\x01")
        f.truncate(1024**3)
    padding_zip(folder / "padding.zip")
    return [*paths, big, folder / "padding.zip"]


def store_unread_exhibit(case_path: Path, path: Path, title: str) -> None:
    """An exhibit whose bytes were stored unread, as `add exhibit --file` did
    before it imported the file."""
    from casefile.exhibits import add_exhibit, find_set
    from casefile.store import CaseFile, blobs
    from casefile.store.models import Document

    with CaseFile.open(case_path) as case, case.transaction() as s:
        blob, _ = blobs.put_file(s, path)
        document = Document(blob=blob, name=path.name, media_type="image/png")
        s.add(document)
        s.flush()
        add_exhibit(s, find_set(s, "Exhibits"), document, title)


def main() -> int:
    sys.path.insert(0, str(REPO))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["CASEFILE_DATA_DIR"] = str(folder / "data")
        seconds, disk_mb, size, refused = zip_bomb_refusal(folder)
        print(f"| A nested ZIP bomb ({size / 1000:.0f} KB, 5 levels of 16, 4 TiB claimed) "
              f"imported beside a letter (median of {RUNS}) | {seconds:.2f} s, "
              f"{disk_mb:.1f} MB at most in the temporary folder | {refused:,} lines "
              "refused, the letter added | under 2 s and 100 MB |")

        env = {**os.environ, "CASEFILE_DATA_DIR": str(folder / "data")}
        inputs = folder / "inputs"
        inputs.mkdir()
        files = hostile_inputs(inputs)
        case = folder / "hostile.casefile"
        subprocess.run([sys.executable, "-m", "casefile", "new", str(case)], check=True,
                       capture_output=True, env=env, cwd=REPO)
        rss, took, code, out = peak_of(env, "import", str(case), "--no-ocr", *map(str, files))
        summary = out.strip().splitlines()[-1] if out.strip() else ""
        print(f"| Peak memory of `casefile import` of every hostile input at once (ZIP bomb, "
              f"225-megapixel PNG that decodes, 10^5-deep page tree, 20,000-part email, "
              f"1 GB unsupported file, 20 x 49 MiB ZIP, forged name) | {rss:.0f} MB | took "
              f"{took:.1f} s, exit {code}: {summary} | under 500 MB |")

        build_case = folder / "build.casefile"
        subprocess.run([sys.executable, "-m", "casefile", "new", str(build_case)], check=True,
                       capture_output=True, env=env, cwd=REPO)
        letter = inputs / "letter.pdf"
        letter.write_bytes(letter_pdf())
        subprocess.run([sys.executable, "-m", "casefile", "add", "exhibit",
                        str(build_case), "--set", "Exhibits", "--title", "Letter",
                        "--file", str(letter)], check=True, capture_output=True, env=env,
                       cwd=REPO)
        # `add exhibit --file` refuses the bomb now; a case from an older Casefile
        # holds it as stored bytes, which is what the build must survive.
        store_unread_exhibit(build_case, inputs / "plan.png", "Site plan")
        out_dir = folder / "bundle"
        out_dir.mkdir()
        rss, took, code, out = peak_of(env, "bundle", "build", str(build_case), "Exhibits",
                                       "--out", str(out_dir))
        said = out.strip().splitlines()[-1] if out.strip() else ""
        print(f"| Peak memory of `casefile bundle build` of a letter and a 225-megapixel PNG "
              f"| {rss:.0f} MB | took {took:.1f} s, exit {code}, "
              f"{len(list(out_dir.iterdir()))} files written: \"{said}\" | under 500 MB |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
