"""Reading each bundle file back with ``qpdf --check`` beside the build.

CM/ECF rejects a file qpdf finds fault with, so every file a build makes is
read back before any is moved into place. The check costs about what qpdf's
own merge of the same pages costs; run one after the other, it made a
5,000-page build twice as slow as the merge. Here each file is written to a
scratch folder as soon as it is made and ``qpdf --check`` starts on it in its
own process (on the second core) while Python builds the next file or
writes, hashes and preflights the ones made; ``faults`` waits for the
verdicts. The check is the same ``qpdf --check`` of the same bytes, on the
file as it was written.

Without qpdf, pikepdf's own checks run in this process, one file at a time.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf

# Checks running at once: the build holds one core, qpdf the other; more would
# only slow both on a two-core laptop.
AT_ONCE = 1
TIMEOUT = 300  # seconds, as preflight's own check


class ReadBack:
    """Checks of the files ``start`` is given, running while the caller works on."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.qpdf = shutil.which("qpdf")
        self.running: list[tuple[str, Path, subprocess.Popen, object]] = []
        self.found: dict[str, list[str]] = {}

    def start(self, name: str, data: bytes) -> None:
        """Write ``data`` (the file ``name`` will be) and start its check."""
        path = self.folder / f"{len(self.found) + len(self.running):05d}.pdf"
        path.write_bytes(data)
        if self.qpdf is None:
            self.found[name] = _pikepdf_problems(path)
            return
        while len(self.running) >= AT_ONCE:
            self._collect(self.running.pop(0))
        # Output to a file, not a pipe: a damaged file's thousands of lines must
        # never fill a pipe nobody reads until the end.
        log = tempfile.TemporaryFile(dir=self.folder)  # noqa: SIM115 (closed in _collect)
        process = subprocess.Popen([self.qpdf, "--check", str(path)], stdout=log,
                                   stderr=subprocess.STDOUT)
        self.running.append((name, path, process, log))

    def faults(self) -> dict[str, list[str]]:
        """Each file's problems (``structure_problems``' words), once all are checked."""
        while self.running:
            self._collect(self.running.pop(0))
        return self.found

    def close(self) -> None:
        """Stop checks no longer wanted (a build that stopped on another error)."""
        for _name, _path, process, log in self.running:
            process.kill()
            process.wait()
            log.close()
        self.running.clear()

    def _collect(self, item) -> None:
        from casefile.bundles.preflight import qpdf_problems

        name, path, process, log = item
        try:
            code = process.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            log.close()
            self.found[name] = ["qpdf --check did not finish in 5 minutes"]
            return
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
        log.close()
        self.found[name] = qpdf_problems(path, code, output)
        path.unlink(missing_ok=True)


def _pikepdf_problems(path: Path) -> list[str]:
    from casefile.bundles.preflight import structure_problems

    try:
        with pikepdf.open(path) as pdf:
            return structure_problems(path, pdf)
    except pikepdf.PdfError as exc:
        return [str(exc).splitlines()[0]]
