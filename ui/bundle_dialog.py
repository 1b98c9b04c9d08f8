"""Build an exhibit set into PDFs for CM/ECF: options, a preview, progress, the report.

The preview is the real thing: the bundle is built with the chosen options into
a temporary folder on the worker and its first pages are rendered, so what the
attorney sees is what the build will write. The build itself runs on the
worker too; ``casefile.bundles.build`` writes its files in a hidden folder and
moves them in only when all are done, and stops on Cancel before that, so a
cancelled build leaves no file behind.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from casefile import limits
from casefile.bundles import POSITIONS, profiles
from casefile.bundles.build import BundleOptions, BundleReport, build_from_file
from casefile.display import human_size
from casefile.exhibits import find_set
from casefile.jobs import in_child
from casefile.store import CaseFile
from ui.worker import CaseWorker, Job

PREVIEW_PAGES = 3
THUMB_SPACING = 16
DEFAULT_FOLDER = "Exhibit bundles"  # beside the case file, until the user picks another
# As large as a 1366×768 laptop allows (its task bar and the title bar taken off):
# the preview's pages must be large enough to read the marks on them. A smaller
# screen gets what it has, and the options scroll.
DEFAULT_SIZE = (1320, 860)
# The least width of a previewed page, in pixels: a letter page 8.5 in. wide at
# 72 px an inch, so its 9 pt footer and Bates number show as 9 px text.
READABLE_PAGE_WIDTH = 612
OPTIONS_WIDTH = 380  # the rest goes to the preview's pages


@dataclass
class Preview:
    pages: list[tuple[QImage, str]]  # each rendered page with its page label ("Ex. 1-2")
    file: str  # the file the pages are from
    total: int  # its pages
    files: int  # how many files the build writes
    warnings: list[str]


def render_pages(pdf: Path, count: int, box: tuple[int, int]) -> list[tuple[QImage, str]]:
    """The first ``count`` pages of ``pdf``, each fitted into ``box`` (width, height in
    pixels), with their page labels.

    Rendered in a child process under the reading limits: the pages are the
    exhibits' own, from outside, and pdfium meets whatever they hold.
    """
    from casefile.bundles.thumbnails import render
    from casefile.jobs import call_in_child

    return [(QImage(t.rgb, t.width, t.height, t.stride,
                    QImage.Format.Format_RGB888).copy(), t.label)  # own the pixels
            for t in call_in_child(render, pdf, count, box, limits=limits.BUILDING)]


def fitted(available_width: int, available_height: int) -> tuple[int, int]:
    """The dialog's size on a screen with this much room: the default, or less,
    leaving the window manager room for the title bar and the frame."""
    return (min(DEFAULT_SIZE[0], available_width - 24),
            min(DEFAULT_SIZE[1], available_height - 48))


class BundleDialog(QDialog):
    def __init__(self, worker: CaseWorker, case: CaseFile, set_id: int,
                 parent: QWidget | None = None, *,
                 opener: Callable[[QUrl], object] = QDesktopServices.openUrl) -> None:
        super().__init__(parent)
        self._worker, self._case, self._set_id = worker, case, set_id
        self.opener = opener  # QDesktopServices.openUrl; a test passes its own
        self._profiles = profiles.all_profiles()  # a broken user file: its sentence, raised
        with case.reading() as s:
            exhibit_set = find_set(s, str(set_id))
            self._set_name, count = exhibit_set.name, len(exhibit_set.exhibits)
        self.job: Job | None = None
        self.report: BundleReport | None = None
        self.preview_shown: Preview | None = None
        self._close_when_idle = False
        self.setWindowTitle(f"Build bundle — {self._set_name}")
        self._build(count)
        worker.progress.connect(self._on_progress)
        self._profile_chosen()
        self._busy(False)
        self._fit_screen()

    # --- layout -------------------------------------------------------------------------

    def _build(self, count: int) -> None:
        heading = QLabel(f"<b>{escape(self._set_name)}</b> · {count} exhibit"
                         f"{'s' if count != 1 else ''}")
        heading.setAccessibleName("Exhibit set")

        self.profile = QComboBox()
        self.profile.setAccessibleName("Court profile")
        self.profile.setToolTip("Where the marks go and the per-file size limit. Add your "
                                "court's in court_profiles.json in the Casefile data folder.")
        for key, p in self._profiles.items():
            self.profile.addItem(p.name, key)
        # A long court name is cut, not the options column widened past the screen.
        self.profile.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.profile.setMinimumContentsLength(16)
        self.profile.currentIndexChanged.connect(self._profile_chosen)

        self.merged = QRadioButton("One &merged PDF")
        self.merged.setToolTip("Index, slip sheets and every exhibit in one file")
        self.per_exhibit = QRadioButton("One PDF per e&xhibit")
        self.per_exhibit.setToolTip("One file per exhibit; an exhibit over the size limit is "
                                    "split into parts (“Ex. 5 (Part 2 of 3)”)")
        self.merged.setChecked(True)
        mode = QButtonGroup(self)
        mode.addButton(self.merged)
        mode.addButton(self.per_exhibit)
        modes = QVBoxLayout()
        modes.setSpacing(2)
        modes.addWidget(self.merged)
        modes.addWidget(self.per_exhibit)

        self.size_limit = QDoubleSpinBox()
        self.size_limit.setAccessibleName("Size limit per file in megabytes")
        self.size_limit.setToolTip("The court's per-file limit: a merged bundle over it is "
                                   "refused; per exhibit, larger exhibits are split")
        self.size_limit.setRange(0.5, 500)
        self.size_limit.setDecimals(1)
        self.size_limit.setSuffix(" MB")

        self.index = QCheckBox("&Index of exhibits")
        self.index.setToolTip("A first page listing the exhibits, each linked to its slip "
                              "sheet (merged PDF only)")
        self.slip_sheets = QCheckBox("&Slip sheet before each exhibit")
        self.slip_sheets.setToolTip("A page reading “Exhibit 1” and the title before each "
                                    "exhibit")
        for box in (self.index, self.slip_sheets):
            box.setChecked(True)
        self.per_exhibit.toggled.connect(lambda on: self.index.setEnabled(not on))

        self.stamp = QComboBox()
        self.stamp.setAccessibleName("Exhibit stamp position")
        self.stamp.setToolTip("Where “EXHIBIT 1” goes on each exhibit's first page")
        for position in POSITIONS:
            self.stamp.addItem(position.replace("-", " ").capitalize(), position)

        self.bates_prefix = QLineEdit()
        self.bates_prefix.setAccessibleName("Bates prefix")
        self.bates_prefix.setPlaceholderText("None (e.g. PLTF-)")
        self.bates_prefix.setToolTip("Stamp Bates numbers on every page: prefix and a "
                                     "six-digit number (PLTF-000001); empty for none")
        self.bates_start = QSpinBox()
        self.bates_start.setAccessibleName("First Bates number")
        self.bates_start.setToolTip("The number on the bundle's first exhibit page; continue "
                                    "a production's numbering here")
        self.bates_start.setRange(0, 999_999_999)
        self.bates_start.setValue(1)
        self.bates_start.setEnabled(False)  # until there is a prefix
        self.bates_prefix.textChanged.connect(
            lambda text: self.bates_start.setEnabled(bool(text.strip())))
        bates = QHBoxLayout()
        bates.addWidget(self.bates_prefix, 1)
        bates.addWidget(QLabel("from"))
        bates.addWidget(self.bates_start)

        self.folder = QLineEdit(str(self._case.folder / DEFAULT_FOLDER))
        self.folder.setAccessibleName("Output folder")
        self.folder.setToolTip("The bundle's files, their e-filing descriptions and a SHA-256 "
                               "manifest are written here")
        choose = QPushButton("C&hoose…")
        choose.setAccessibleName("Choose the output folder")
        choose.setToolTip("Pick the folder with the system's folder dialog")
        choose.clicked.connect(self.choose_folder)
        folder = QHBoxLayout()
        folder.addWidget(self.folder, 1)
        folder.addWidget(choose)

        self.options_box = QGroupBox("Options")
        form = QFormLayout(self.options_box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow("Court &profile:", self.profile)
        form.addRow("Files:", modes)
        form.addRow("Size &limit per file:", self.size_limit)
        form.addRow("Sheets:", self.index)
        form.addRow("", self.slip_sheets)
        form.addRow("Exhibit s&tamp:", self.stamp)
        # A row whose field is a layout gets no buddy from addRow: give it one.
        for text, field, buddy in (("B&ates numbers:", bates, self.bates_prefix),
                                   ("&Output folder:", folder, self.folder)):
            label = QLabel(text)
            label.setBuddy(buddy)
            form.addRow(label, field)

        self.placeholder = QLabel("Press Preview to see the first pages of the bundle, built "
                                  "with these options.")
        self.placeholder.setAccessibleName("Preview")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.strip = QWidget()  # the rendered pages, replaced by each preview
        self.caption = QLabel()
        self.caption.setAccessibleName("About the preview")
        self.caption.setWordWrap(True)
        self.preview_box = preview_box = QGroupBox("Preview")
        preview_layout = QVBoxLayout(preview_box)
        preview_layout.addWidget(self.placeholder, 1)
        preview_layout.addWidget(self.strip, 1)
        preview_layout.addWidget(self.caption)
        self.strip.hide()
        self._preview_layout = preview_layout

        self.report_view = QTextBrowser()
        self.report_view.setAccessibleName("Build report")
        self.report_view.setOpenLinks(False)
        self.report_box = QGroupBox("Report")
        report_layout = QVBoxLayout(self.report_box)
        report_layout.addWidget(self.report_view)
        self.report_box.hide()

        # The options and the report scroll when the screen is short (a 768 px laptop
        # with the report shown), rather than push the buttons off the bottom.
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.options_box)
        left_layout.addWidget(self.report_box, 1)
        left_layout.addStretch()
        self.report_view.setMinimumHeight(8 * self.fontMetrics().lineSpacing())
        self.options_scroll = QScrollArea()
        self.options_scroll.setWidget(left)
        self.options_scroll.setWidgetResizable(True)
        self.options_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.options_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Room for a scroll bar beside the options, so one that appears covers nothing.
        self.options_scroll.setFixedWidth(
            OPTIONS_WIDTH + self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent))
        self.options_scroll.setSizePolicy(QSizePolicy.Policy.Fixed,
                                          QSizePolicy.Policy.Ignored)
        body = QHBoxLayout()
        body.addWidget(self.options_scroll)
        body.addWidget(preview_box, 1)

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(240)
        self.note = QLabel()
        self.note.setAccessibleName("What is happening")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel the preview or the build")
        self.cancel_button.setToolTip("Stop; no file is written (Esc)")
        self.cancel_button.clicked.connect(self.cancel)
        self.preview_button = QPushButton("&Preview")
        self.preview_button.setToolTip("Build with these options into a temporary folder and "
                                       "show the first pages")
        self.preview_button.clicked.connect(self.preview)
        self.open_button = QPushButton("Open &folder")
        self.open_button.setToolTip("Show the output folder in the file manager")
        self.open_button.clicked.connect(self.open_folder)
        self.open_button.setEnabled(False)
        close = QPushButton("Close")
        close.setToolTip("Close this dialog (Esc); a running build is cancelled first")
        close.clicked.connect(self.reject)
        self.build_button = QPushButton("&Build")
        self.build_button.setToolTip("Build the bundle into the output folder")
        self.build_button.setDefault(True)
        self.build_button.clicked.connect(self.build)
        for button in (self.preview_button, self.open_button, close, self.build_button):
            button.setAccessibleName(button.text().replace("&", ""))
        buttons = QHBoxLayout()
        buttons.addWidget(self.progress)
        buttons.addWidget(self.note, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addSpacing(12)
        buttons.addWidget(self.preview_button)
        buttons.addWidget(self.open_button)
        buttons.addWidget(close)
        buttons.addWidget(self.build_button)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(body, 1)
        layout.addLayout(buttons)

        for signal in (self.profile.currentIndexChanged, self.merged.toggled,
                       self.size_limit.valueChanged, self.index.toggled,
                       self.slip_sheets.toggled, self.stamp.currentIndexChanged,
                       self.bates_prefix.textChanged, self.bates_start.valueChanged):
            signal.connect(self._options_changed)

    def _fit_screen(self) -> None:
        """The default size, or less on a smaller screen."""
        width, height = DEFAULT_SIZE
        screen = (self.parentWidget() or self).screen()
        if screen is not None:
            area = screen.availableGeometry()
            width, height = fitted(area.width(), area.height())
        self.resize(width, height)

    # --- options ------------------------------------------------------------------------

    def _profile_chosen(self) -> None:
        p = self._profiles[self.profile.currentData()]
        self.size_limit.setValue(p.size_limit_mb)
        self.stamp.setCurrentIndex(self.stamp.findData(p.stamp_position))

    def options(self) -> BundleOptions:
        profile = dataclasses.replace(self._profiles[self.profile.currentData()],
                                      size_limit_mb=self.size_limit.value(),
                                      stamp_position=self.stamp.currentData())
        return BundleOptions(
            profile, mode="merged" if self.merged.isChecked() else "per-exhibit",
            index=self.index.isChecked(), slip_sheets=self.slip_sheets.isChecked(),
            bates_prefix=self.bates_prefix.text().strip() or None,
            bates_start=self.bates_start.value())

    def out_dir(self) -> Path:
        return Path(self.folder.text().strip()).expanduser()

    def choose_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, "Folder for the bundle",
                                                  self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def _options_changed(self) -> None:
        if self.preview_shown is not None:
            self._show_placeholder("The options changed: press Preview to see the bundle "
                                   "they make.")

    # --- the jobs -----------------------------------------------------------------------

    def preview(self) -> None:
        case, set_id, box = self._case, self._set_id, self._thumb_box()
        # No OCR: its text is invisible, and it can take seconds a page.
        options = dataclasses.replace(self.options(), ocr=False)

        def work(progress, cancel) -> Preview:
            with tempfile.TemporaryDirectory(prefix="casefile-preview-") as tmp:
                report = in_child(build_from_file, case.location, str(set_id), Path(tmp), options,
                                  progress=progress, cancel=cancel, limits=limits.BUILDING)
                first = report.outputs[0]
                return Preview(render_pages(first.path, PREVIEW_PAGES, box), first.path.name,
                               first.pages, len(report.outputs), report.warnings)

        self._submit("Previewing the bundle", work, self._show_preview)

    def build(self) -> None:
        if not self.folder.text().strip():
            QMessageBox.warning(self, "Casefile", "Choose a folder for the bundle.")
            return
        case, set_id, out_dir, options = self._case, self._set_id, self.out_dir(), self.options()

        # A Cancel that comes after the files are in place (as they are read back for
        # the report) is too late: the worker calls the job cancelled, but the files
        # are complete, and the report says so.
        finished: list[BundleReport] = []

        def work(progress, cancel) -> BundleReport:
            # In a child process: pikepdf holds the GIL for long stretches, and
            # the window must keep answering while thousands of pages are stamped.
            finished.append(in_child(build_from_file, case.location, str(set_id), out_dir, options,
                                     progress=progress, cancel=cancel,
                                     limits=limits.BUILDING))
            return finished[0]

        def cancelled() -> None:
            if finished:
                self._show_report(finished[0])
            else:
                self._cancelled()

        self.report = None  # an earlier build's report must not stand for this one
        self.report_box.hide()
        self.open_button.setEnabled(False)
        self._submit(f"Building {self._set_name}", work, self._show_report, cancelled)

    def cancel(self) -> None:
        if self.job is not None:
            self.job.cancel.cancel()
            self.note.setText("Cancelling…")

    def open_folder(self) -> None:
        self.opener(QUrl.fromLocalFile(str(self.out_dir())))

    def _submit(self, title: str, work, on_done: Callable,
                on_cancelled: Callable | None = None) -> None:
        self.job = self._worker.submit(Job(
            title, work, on_done=lambda result: self._ended(on_done, result),
            on_failed=lambda message: self._ended(self._failed, message),
            on_cancelled=lambda: self._ended(on_cancelled or self._cancelled)))
        self.note.setText(f"{title}…")
        self._busy(True)

    def _ended(self, then: Callable, *args) -> None:
        self.job = None
        self._busy(False)
        if self._close_when_idle:
            super().reject()
        else:
            then(*args)

    def _on_progress(self, _done: int, _total: int, note: str) -> None:
        # The worker reports its current job: ours, or one queued ahead of it.
        if self.job is not None and note:
            self.note.setText(note)

    def _busy(self, busy: bool) -> None:
        # The bar is busy, not counting: a build's steps differ widely in length.
        self.progress.setRange(0, 0 if busy else 1)
        self.progress.setVisible(busy)
        self.cancel_button.setVisible(busy)
        for widget in (self.options_box, self.preview_button, self.build_button):
            widget.setEnabled(not busy)

    # --- results ------------------------------------------------------------------------

    def _thumb_box(self) -> tuple[int, int]:
        """Room for one page in the preview box as it is now, in device pixels (sharp on
        a high-density screen): the pages are shown one under another, each as wide
        as the box less its scroll bar, so they can be read; a tall box for the
        height, so the width decides. The box, not what is in it: a child just shown
        has no size yet."""
        area = self.preview_box.contentsRect()
        scroll_bar = self.style().pixelMetric(self.style().PixelMetric.PM_ScrollBarExtent)
        width = max(READABLE_PAGE_WIDTH, area.width() - scroll_bar - 4 * THUMB_SPACING)
        ratio = self.devicePixelRatioF()
        return int(width * ratio), int(3 * width * ratio)

    def _show_placeholder(self, text: str) -> None:
        self.preview_shown = None
        self.placeholder.setText(text)
        self.placeholder.show()
        self.strip.hide()
        self.caption.clear()

    def _show_preview(self, preview: Preview) -> None:
        # One page under another, each as wide as the box, in a scroll area: three pages
        # side by side were too small to read the marks at 1366×768.
        strip = QScrollArea()
        strip.setAccessibleName("The first pages")
        strip.setWidgetResizable(True)
        strip.setFrameShape(QScrollArea.Shape.NoFrame)
        strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        # Rendered for the size the dialog had: they must not stop it getting smaller.
        strip.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        pages = QWidget()
        strip.setWidget(pages)
        row = QVBoxLayout(pages)
        row.setSpacing(THUMB_SPACING)
        ratio = self.devicePixelRatioF()
        for n, (image, label) in enumerate(preview.pages, 1):
            pixmap = QPixmap.fromImage(image)
            pixmap.setDevicePixelRatio(ratio)
            page = QLabel(objectName="page")
            page.setPixmap(pixmap)
            page.setAccessibleName(f"Page {n}, {label}")
            page.setToolTip(f"Page {n} of {preview.total}: {label}")
            page.setStyleSheet("QLabel { border: 1px solid palette(mid); background: white; }")
            name = QLabel(label)
            name.setAlignment(Qt.AlignmentFlag.AlignCenter)
            name.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
            row.addWidget(page, 0, Qt.AlignmentFlag.AlignHCenter)
            row.addWidget(name)  # the label close under its page
        row.addStretch()
        self._preview_layout.replaceWidget(self.strip, strip)
        self.strip.deleteLater()
        self.strip = strip
        self.placeholder.hide()
        strip.show()
        shown = len(preview.pages)
        of_files = f" (the first of {preview.files} files)" if preview.files > 1 else ""
        text = (f"The first {shown} of {preview.total} pages of "
                f"<i>{escape(preview.file)}</i>{of_files}.")
        text += "".join(f"<br>⚠ {escape(w)}" for w in preview.warnings)
        self.caption.setText(text)
        self.preview_shown = preview
        self.note.setText("Preview ready.")

    def _show_report(self, report: BundleReport) -> None:
        self.report = report
        out_dir = self.out_dir()
        files = len(report.outputs)
        parts = [f"<p><b>Wrote {files} file{'s' if files != 1 else ''} to "
                 f"{escape(str(out_dir))}</b></p><ul>"]
        parts += [f"<li>{escape(o.path.name)} — {o.pages} page{'s' if o.pages != 1 else ''}, "
                  f"{_size(o.size)}</li>" for o in report.outputs]
        parts.append("</ul>")
        extras = [p.name for p in (report.descriptions, report.manifest, report.archive) if p]
        parts.append(f"<p>Also: {escape('; '.join(extras))}.</p>")
        for title, lines in (("Fixed for CM/ECF", report.fixes),
                             ("Check before filing", report.warnings),
                             ("Privilege overrides", report.overrides)):
            if lines:
                parts.append(f"<p><b>{title}</b></p><ul>")
                parts += [f"<li>{escape(line)}</li>" for line in lines]
                parts.append("</ul>")
        self.report_view.setHtml("".join(parts))
        self.report_box.show()
        self.open_button.setEnabled(True)
        self.note.setText(f"Built: {files} file{'s' if files != 1 else ''}"
                          f"{', with things to check' if report.warnings else ''}.")

    def _failed(self, message: str) -> None:
        self.note.setText("Stopped.")
        QMessageBox.warning(self, "Casefile", message)

    def _cancelled(self) -> None:
        self.note.setText("Cancelled; no file was written.")

    def reject(self) -> None:
        """Esc and Close: a running job is cancelled and the dialog hides at once; it is
        finished (and deleted) only when the worker is done with its job, which may wait
        behind another, so no callback reaches a deleted dialog."""
        if self.job is not None:
            self._close_when_idle = True
            self.cancel()
            self.hide()
            return
        super().reject()


def _size(size: int) -> str:
    return human_size(size)
