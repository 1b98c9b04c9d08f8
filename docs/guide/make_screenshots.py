"""The guide's screenshots, made from the demo case so they never go stale.

    python docs/guide/make_screenshots.py                 # 1366x768, light: what the repo keeps
    python docs/guide/make_screenshots.py --all           # and 1920x1080, and dark
    python docs/guide/make_screenshots.py --out DIR --size 1920x1080 --theme dark --only vaughn

The demo case is built in a temporary folder (with its own data folder and
window settings, so a user's recent cases and column choices stay out of the
pictures); the window runs offscreen. Each picture is named
``NAME.png`` for 1366x768 light, and ``NAME-1920x1080-dark.png`` and the
like for the others. The guide's pages show the 1366x768 light ones.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The guide lives in the package (resources/guide, installed as casefile.resources)
# so the window shows it offline; this script only makes its pictures.
GUIDE = HERE.parents[1] / "resources" / "guide"
DEFAULT_OUT = GUIDE / "images"
SIZES = ((1366, 768), (1920, 1080))
THEMES = ("light", "dark")


def file_name(name: str, size: tuple[int, int], theme: str) -> str:
    if size == SIZES[0] and theme == "light":
        return f"{name}.png"
    return f"{name}-{size[0]}x{size[1]}-{theme}.png"


# --- driving the window ------------------------------------------------------------------


class Shooter:
    """The window on the demo case, and the pictures taken of it."""

    def __init__(self, app, out: Path, case_path: Path):
        from ui.main_window import MainWindow

        self.app, self.out, self.case_path = app, out, case_path
        self.window = MainWindow()
        self.window.show()
        self.made: list[Path] = []

    def settle(self, ms: int = 60) -> None:
        """Let the worker finish and its results reach the window, then paint."""
        w = self.window
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            self.app.processEvents()
            if not w.worker.busy:
                break
            time.sleep(0.01)
        for view in [*w.lists.values(), w.vaughn]:
            model = getattr(view, "model", None)
            if model is not None and hasattr(model, "wait"):
                model.wait()
        end = time.monotonic() + ms / 1000
        while time.monotonic() < end:
            self.app.processEvents()
            time.sleep(0.005)

    def save(self, widget, name: str, size: tuple[int, int], theme: str) -> Path:
        self.settle()
        path = self.out / file_name(name, size, theme)
        if not widget.grab().save(str(path), "PNG"):
            raise SystemExit(f"Could not write {path}")
        _shrink(path)
        self.made.append(path)
        return path

    def section(self, key: str) -> None:
        from ui.main_window import SECTIONS

        self.window.navigator.setCurrentRow([k for *_, k in SECTIONS].index(key))
        self.settle()


def shots(s: Shooter, size: tuple[int, int], theme: str, printouts: bool = False
          ) -> dict[str, Callable[[], None]]:
    """Every picture the guide shows: name → how to take it. (With ``s`` None, only
    the names are of use: what the tests compare with the guide's pages.)"""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QTreeWidget

    from ui.main_window import SECTIONS

    w = s.window if s is not None else None

    def welcome():
        s.save(w, "welcome", size, theme)

    def open_case():
        if w.case is None:
            assert w.open_case(s.case_path), "the demo case did not open"
            s.settle()

    def section(key: str, name: str, prepare: Callable[[], None] | None = None):
        def take():
            open_case()
            s.section(key)
            if prepare:
                prepare()
            s.save(w, name, size, theme)
        return take

    def review():
        w.vaughn.run_review()
        s.settle(200)

    def search():
        w.search.box.setText("BORTAC")
        w.search.run()
        s.settle(200)

    def entry_four():
        review()
        w.vaughn.table.select_id(w.vaughn.table.model.id_at(3))
        s.settle(100)
        scroll = w.vaughn.editor.parentWidget().parentWidget()  # the editor's scroll area
        scroll.verticalScrollBar().setValue(scroll.verticalScrollBar().maximum())

    def locked_document():
        from casefile.ingest import import_files

        path = Path(tempfile.mkdtemp(prefix="casefile-guide-")) / "ICE release (locked).pdf"
        _locked_pdf(path)
        import_files(w.case, [path])
        w.refresh()
        s.settle(100)
        view = w.lists["documents"]
        view.reload()
        s.settle(100)
        for row in range(view.model.rowCount()):
            if view.model.data(view.model.index(row, 0)) == path.name:
                w.show_document(view.model.id_at(row))
        s.settle(200)

    def first_document():
        view = w.lists["documents"]
        if view.model.rowCount():
            w.show_document(view.model.id_at(0))
        s.settle(300)

    def bundle():
        open_case()
        s.section("exhibits")
        dialog = w.exhibits.open_bundle_dialog()
        if dialog is None:
            return
        dialog.show()
        dialog.preview()
        s.settle(300)
        s.save(dialog, "bundle-dialog", size, theme)
        dialog.reject()
        s.settle()

    def drafts():
        open_case()
        from ui.drafts_dialog import DraftsDialog

        dialog = DraftsDialog(w.case, w.worker, w)
        dialog.show()
        s.save(dialog, "drafts-dialog", size, theme)
        dialog.reject()

    def add_request():
        open_case()
        s.section("requests")
        dialog = w.add_row("requests")
        if dialog is None:
            return
        s.save(dialog, "add-request", size, theme)
        dialog.reject()

    def guide():
        from ui.help import GuideWindow

        viewer = GuideWindow()
        viewer.resize(min(1100, size[0] - 60), size[1] - 80)
        viewer.show()
        s.save(viewer, "help-guide", size, theme)
        viewer.close()

    def docket():
        tree = w.docket.findChildren(QTreeWidget)
        if tree and tree[0].topLevelItemCount():
            tree[0].setCurrentItem(tree[0].topLevelItem(0))
        s.settle(100)

    def timeline():
        w.timeline.refresh(fit=True)
        s.settle(200)

    def production():
        view = w.lists["productions"]
        if view.model.rowCount():
            view.select_id(view.model.id_at(0))
        s.settle(300)

    def findings():
        """The sample letter with personal data and a name under a box: the text
        under the box chosen, and an area drawn on page 1 for a redaction."""
        from PySide6.QtCore import QPoint
        from PySide6.QtTest import QTest

        view = w.lists["documents"]
        view.reload()
        s.settle(100)
        for row in range(view.model.rowCount()):
            if view.model.data(view.model.index(row, 0)) == FINDINGS_PDF:
                w.show_document(view.model.id_at(row))
        panel = w.findings
        end = time.monotonic() + 60
        while not panel.checked and time.monotonic() < end:
            s.settle(50)
        if len(panel.rows()) < 2:
            raise SystemExit("The sample letter's findings were not found")
        panel.select_row(0)
        s.settle(150)
        rect = panel.overlay.to_view(panel.rows()[0].page, panel.rows()[0].box)
        panel.draw_button.click()
        start = rect.topLeft().toPoint() - QPoint(3, 3)
        stop = rect.bottomRight().toPoint() + QPoint(3, 3)
        QTest.mousePress(panel.overlay, Qt.MouseButton.LeftButton, pos=start)
        QTest.mouseMove(panel.overlay, (start + stop) / 2)
        QTest.mouseRelease(panel.overlay, Qt.MouseButton.LeftButton, pos=stop)
        s.settle(150)

    def add_dialog(key: str, name: str):
        def take():
            open_case()
            section_key = key if key in (k for *_, k in SECTIONS) else "matter"
            s.section(section_key)
            dialog = w.add_row(key)
            if dialog is None:
                return
            s.save(dialog, name, size, theme)
            dialog.reject()
            s.settle()
        return take

    def deadline_dialog():
        open_case()
        s.section("deadlines")
        dialog = w.deadlines.add_deadline()
        if dialog is not None:
            s.save(dialog, "deadline-dialog", size, theme)
            dialog.reject()
            s.settle()

    def claims_dialog():
        open_case()
        s.section("vaughn")
        w.vaughn.table.select_id(w.vaughn.table.model.id_at(0))
        s.settle(100)
        dialog = w.vaughn.edit_claims()
        if dialog is not None:
            s.save(dialog, "claims-dialog", size, theme)
            dialog.reject()
            s.settle()

    def unlock_dialog():
        """The password dialog Unlock asks in (Qt's own, run modal): taken from
        inside its loop, then cancelled."""
        from PySide6.QtCore import QTimer
        from PySide6.QtWidgets import QApplication

        locked_document()

        def take():
            dialog = QApplication.activeModalWidget()
            if dialog is not None:
                s.save(dialog, "unlock-dialog", size, theme)
                dialog.reject()

        QTimer.singleShot(200, take)
        w.unlocker.start()
        s.settle()

    def preview():
        from PySide6.QtPrintSupport import QPrintPreviewDialog
        from PySide6.QtWidgets import QApplication

        open_case()
        s.section("vaughn")
        review()
        from ui import printing

        printing.print_section(w, preview=True, choice=0)
        end = time.monotonic() + 60
        dialog = None
        while dialog is None and time.monotonic() < end:
            s.settle(50)
            dialog = next((d for d in QApplication.topLevelWidgets()
                           if isinstance(d, QPrintPreviewDialog) and d.isVisible()), None)
        if dialog is None:
            raise SystemExit("The print preview did not open")
        dialog.resize(min(1100, size[0] - 40), size[1] - 60)
        s.settle(300)
        s.save(dialog, "print-preview", size, theme)
        dialog.close()
        s.settle()

    def printout(key: str, choice: int, name: str):
        """A printout, printed to PDF through the window's own print path (File >
        Print in the section, a PDF printer in place of the dialog) and its first
        page made a picture by poppler's pdftoppm."""
        def take():
            import subprocess

            from ui import printing

            open_case()
            s.section(key)
            if key == "vaughn":
                review()
            pdf = s.out / f"{name}.pdf"
            printing.print_section(w, choice=choice, printer=printing.pdf_printer(
                pdf, printing.section_printables(w)[choice].landscape))
            s.settle(100)
            if not pdf.is_file():
                raise SystemExit(f"{name}: nothing was printed")
            subprocess.run(["pdftoppm", "-r", "90", "-png", "-f", "1", "-l", "1",
                            "-singlefile", str(pdf), str(s.out / name)], check=True)
            pdf.unlink()
            path = s.out / f"{name}.png"
            _shrink(path)
            s.made.append(path)
        return take

    taken = {
        "welcome": welcome,
        "matter": section("matter", "matter"),
        "requests": section("requests", "requests"),
        "correspondence": section("correspondence", "correspondence"),
        "productions": section("productions", "productions"),
        "documents": section("documents", "documents", first_document),
        "vaughn": section("vaughn", "vaughn", review),
        "vaughn-entry": section("vaughn", "vaughn-entry", entry_four),
        "document-locked": section("documents", "document-locked", locked_document),
        "exhibits": section("exhibits", "exhibits"),
        "declarations": section("declarations", "declarations"),
        "deadlines": section("deadlines", "deadlines"),
        "search": section("search", "search", search),
        "add-request": add_request,
        "bundle-dialog": bundle,
        "drafts-dialog": drafts,
        "help-guide": guide,
        "docket": section("docket", "docket", docket),
        "timeline": section("timeline", "timeline", timeline),
        "production": section("productions", "production", production),
        "findings": section("documents", "findings", findings),
        **{name: add_dialog(key, name) for key, name in ADD_DIALOGS.items()},
        "deadline-dialog": deadline_dialog,
        "claims-dialog": claims_dialog,
        "unlock-dialog": unlock_dialog,
        "print-preview": preview,
    }
    if printouts:
        taken.update({name: printout(key, choice, name)
                      for name, (key, choice) in PRINTOUTS.items()})
    return taken


# The add dialog of each list: the list's key (ui.add_dialog.ADDERS) → the picture.
ADD_DIALOGS = {"correspondence": "add-letter", "productions": "add-production",
               "declarations": "add-declaration", "agencies": "add-agency",
               "parties": "add-party", "counsel": "add-counsel",
               "exhibit_sets": "add-exhibit-set", "vaughn_indexes": "add-vaughn-index"}
# Each printout: the section printed from, which of its File > Print choices → the picture.
# Paper, not the screen: made once, in the first size's light theme.
PRINTOUTS = {"printout-agenda": ("deadlines", 0), "printout-chronology": ("deadlines", 1),
             "printout-vaughn": ("vaughn", 0), "printout-review": ("vaughn", 1)}
FINDINGS_PDF = "Letter with personal data (SAMPLE).pdf"


def picture_names() -> list[str]:
    """The name of every picture the script makes (without the size and theme)."""
    return list(shots(None, SIZES[0], THEMES[0], printouts=True))


def _shrink(path: Path) -> None:
    """A screenshot in 256 colours, chosen from its own (median cut, no dithering):
    a third of the bytes, and text as sharp as before."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT,
                                              dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def _locked_pdf(path: Path) -> None:
    """A PDF encrypted by ReportLab under a password, as an agency might send one."""
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), encrypt=StandardEncryption("sent-separately", "owner", strength=128))
    c.drawString(72, 700, "ICE-2021-000101 (SAMPLE)")
    c.showPage()
    c.save()


def _findings_pdf(path: Path) -> None:
    """A two-page letter for the privacy pictures. Page 1: a Social Security number
    in full (personal data under FRCP 5.2(a)(1)); page 2: a name with a black box
    drawn over it, the text still under the box (a failed redaction)."""
    from reportlab.pdfgen.canvas import Canvas

    c = Canvas(str(path), pagesize=(612, 792))
    c.setFont("Helvetica", 12)
    c.drawString(72, 720, "Letter from a claimant (SAMPLE)")
    c.drawString(72, 700, "Claimant's Social Security number: 123-45-6789")
    c.drawString(72, 680, "The claim was received in March.")
    c.showPage()
    c.setFont("Helvetica", 12)
    c.drawString(72, 700, "Name of the informant:")
    c.drawString(220, 700, "Maria Gonzalez")
    c.rect(217, 695, c.stringWidth("Maria Gonzalez", "Helvetica", 12) + 6, 16, stroke=0,
           fill=1)
    c.drawString(72, 650, "The rest of the letter is plain text.")
    c.showPage()
    c.save()


def _add_docket_and_letter(case_path: Path, scratch: Path) -> None:
    """Into the demo case: the D.D.C. docket of the test corpus (its case number made
    the demo lawsuit's, so the import takes it as this case's docket), and the
    sample letter the privacy check finds two things in."""
    from casefile.docket.store import import_docket
    from casefile.ingest import import_files
    from casefile.store import CaseFile
    from casefile.store.models import Matter

    corpus = HERE.parents[1] / "tests" / "docket_corpus" / "dcd.html"
    letter = scratch / FINDINGS_PDF
    _findings_pdf(letter)
    with CaseFile.open(case_path) as case:
        with case.reading() as s:
            number = s.query(Matter).one().docket_no.split(" (")[0]  # "(SAMPLE)" off
        report = scratch / "docket.html"
        report.write_text(corpus.read_text(encoding="utf-8").replace("1:25-cv-00031-ABJ", number),
                          encoding="utf-8")
        import_docket(case, report)
        import_files(case, [letter], ocr=False)


# --- the run -------------------------------------------------------------------------------


def make(out: Path, sizes, themes, only: set[str] | None = None) -> list[Path]:
    """Take the pictures into ``out``; the paths written. The demo case is built
    once; each screen size gets processes of its own (JOBS of them, sharing its
    pictures), whose offscreen screen has that size (so dialogs size themselves as
    on such a screen)."""
    import json
    import subprocess

    out.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="casefile-guide-"))
    os.environ["CASEFILE_DATA_DIR"] = str(scratch / "data")
    sys.path.insert(0, str(HERE.parents[1]))
    from casefile.demo import build_demo

    case_path = build_demo(scratch / "demo")
    _add_docket_and_letter(case_path, scratch)
    made: list[Path] = []
    running = []
    for width, height in sizes:
        screen = scratch / f"screen-{width}x{height}.json"
        screen.write_text(json.dumps({"screens": [{
            "name": "guide", "x": 0, "y": 0, "width": width, "height": height,
            "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))
        # The pictures of one size shared among JOBS processes, each with its own copy
        # of the case and its own settings: on two cores, about half the time.
        for part in range(JOBS):
            env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
                   "CASEFILE_DATA_DIR": str(scratch / "data"),
                   "XDG_CONFIG_HOME": str(scratch / f"config-{width}x{height}-{part}"),
                   "PYTHONPATH": os.pathsep.join(filter(None, [str(HERE.parents[1]),
                                                              os.environ.get("PYTHONPATH")]))}
            command = [sys.executable, str(Path(__file__).resolve()), "--child",
                       str(case_path), "--out", str(out), "--size", f"{width}x{height}",
                       "--part", f"{part}/{JOBS}",
                       *[a for t in themes for a in ("--theme", t)],
                       *[a for n in sorted(only or ()) for a in ("--only", n)],
                       *(["--printouts"] if (width, height) == sizes[0] else [])]
            running.append(((width, height), subprocess.Popen(
                command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)))
    for (width, height), process in running:
        stdout, stderr = process.communicate()
        if process.returncode != 0:
            raise SystemExit(f"The {width}x{height} pictures failed:\n{stderr[-3000:]}")
        made += [Path(line) for line in stdout.splitlines() if line.endswith(".png")]
    return made


# Processes per screen size: the machines this runs on have two cores or more.
JOBS = 2


def child(case_path: Path, out: Path, size: tuple[int, int], themes,
          only: set[str] | None, printouts: bool = False, part: tuple[int, int] = (0, 1)
          ) -> None:
    """In a process of its own: the window at one size, in each theme; of the pictures,
    every ``part[1]``-th from the ``part[0]``-th (in the order ``shots`` lists them)."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from ui import theme as look

    QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope,
                      os.environ["XDG_CONFIG_HOME"])
    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setApplicationName("Casefile")
    app.setOrganizationName("Casefile")
    app.setStyle("Fusion")
    import shutil

    for theme in themes:
        QApplication.setPalette(look._palette(theme == "dark"))
        # Each theme starts where the first did: no recent case (the first-run
        # welcome), and the demo case as built (the locked PDF not yet imported).
        QSettings("Casefile", "Casefile").clear()
        fresh = case_path.parent / f"{theme}-{size[0]}x{size[1]}-{part[0]}" / case_path.name
        fresh.parent.mkdir(exist_ok=True)
        shutil.copy2(case_path, fresh)
        shooter = Shooter(app, out, fresh)
        shooter.window.resize(*size)
        shooter.settle()
        taken = shots(shooter, size, theme, printouts and theme == themes[0])
        wanted = [name for name in taken if only is None or name in only]
        for name in wanted[part[0]::part[1]]:
            taken[name]()
        shooter.window.close_case()
        shooter.window.close()
        shooter.settle()
        for path in shooter.made:
            print(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--all", action="store_true", help="both sizes and both themes")
    parser.add_argument("--size", action="append", help="WIDTHxHEIGHT (repeatable)")
    parser.add_argument("--theme", action="append", choices=THEMES)
    parser.add_argument("--only", action="append", help="one picture's name (repeatable)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)  # the demo case
    parser.add_argument("--printouts", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--part", default="0/1", help=argparse.SUPPRESS)  # i/n: a child's share
    args = parser.parse_args(argv)
    sizes = SIZES if args.all else tuple(
        tuple(int(n) for n in s.lower().split("x")) for s in args.size or ["1366x768"])
    themes = THEMES if args.all else tuple(args.theme or ["light"])
    only = set(args.only) if args.only else None
    if args.child:
        part = tuple(int(n) for n in args.part.split("/"))
        child(args.child, args.out, sizes[0], themes, only, args.printouts, part)
        # Out at once: with two windows made and closed in one process, PySide6's
        # teardown at the interpreter's exit can crash ("bool_dealloc"), after
        # every picture is written. Nothing is left to clean up but memory.
        sys.stdout.flush()
        os._exit(0)
    started = time.monotonic()
    made = make(args.out, sizes, themes, only)
    print(f"{len(made)} pictures in {args.out} ({time.monotonic() - started:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
