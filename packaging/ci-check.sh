#!/usr/bin/env bash
# CI's packaging checks (issue 9): what a user installs works on its own.
#
#     bash packaging/ci-check.sh
#
# (a) The wheel: built from this checkout, installed into a fresh virtual
#     environment outside it, then `casefile --version`, the headless demo
#     and one job of each kind (packaging/smoke.sh) run from there, from
#     another folder, with no PYTHONPATH: the package data (templates, icons,
#     migrations, data files) must have come along. A case file at the first
#     schema revision is upgraded by the shipped migrations.
# (b) The Linux one-folder bundle: built (packaging/linux/build.sh, in that
#     same environment), unpacked from its tarball and run from there alone:
#     the same jobs, the window offscreen (CASEFILE_SMOKE_TEST: shown, then a
#     PDF read in a spawned child, then quit), the window on a real X server
#     (Xvfb) through `casefile demo` too, and the bundle's outputs compared
#     with the wheel's: the same deadlines, a byte-identical exhibit bundle.
#     Then install.sh into a scratch prefix registers .casefile, and the
#     .desktop, metainfo and MIME files pass their validators.
#
# Prints each step's time; about 5 minutes on 2 cores with a warm pip cache.
# Needs (Debian): binutils, shared-mime-info, desktop-file-utils, appstream,
# xvfb, xauth; the xcb libraries of casefile/display.py (to bundle them); and
# what Qt's window needs (see .ci/run). Under CI=true a missing validator or
# Xvfb fails the run; elsewhere that check is skipped.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/casefile-ci-check.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export PIP_DISABLE_PIP_VERSION_CHECK=1
unset PYTHONPATH
T0=$SECONDS
STEP_START=$SECONDS

step() {
  echo "   ($((SECONDS - STEP_START)) s)"
  STEP_START=$SECONDS
  echo
  echo "== $* [at $((SECONDS - T0)) s]"
}

need() {  # need TOOL: true if present; fails under CI, else skips
  if command -v "$1" >/dev/null; then return 0; fi
  if [ "${CI:-}" = "true" ]; then
    echo "ci-check: $1 is missing (install it: see the top of packaging/ci-check.sh)" >&2
    exit 1
  fi
  echo "   (skipped: $1 is not installed)"
  return 1
}

# A user's environment: nothing of this checkout or of the CI's shell.
clean_env() {
  env -i HOME="$WORK/home" PATH=/usr/local/bin:/usr/bin:/bin LANG=C.UTF-8 \
    TMPDIR="${TMPDIR:-/tmp}" XDG_CONFIG_HOME="$WORK/home/.config" "$@"
}

echo "== (a) the wheel, in a fresh virtual environment at $WORK/venv"
# setuptools warns at length about resources/ sub-folders as data: kept in a log.
"$PYTHON" -m pip wheel --quiet --no-deps --wheel-dir "$WORK/wheel" "$ROOT" \
  > "$WORK/wheel.log" 2>&1 || { cat "$WORK/wheel.log"; exit 1; }
WHEEL=$(ls "$WORK"/wheel/casefile-*.whl)
echo "   $(basename "$WHEEL")"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet "$WHEEL"

step "(a) casefile --version and the demo, from outside the checkout"
mkdir -p "$WORK/elsewhere" && cd "$WORK/elsewhere"
clean_env "$WORK/venv/bin/casefile" --version
clean_env QT_QPA_PLATFORM=offscreen "$WORK/venv/bin/casefile" demo --out pip-demo
test -s pip-demo/case-summary.txt

step "(a) a case at the first schema revision, and an Outlook message, to import"
# Written by the installed package's own migrations, as Casefile 0.1 wrote it.
clean_env "$WORK/venv/bin/python" - "$WORK/first-revision.casefile" <<'EOF'
import sqlite3
import sys
import uuid
from pathlib import Path

from sqlalchemy import text

from casefile.store import sqlite as sq
from casefile.store.schema import upgrade

path = Path(sys.argv[1])
raw = sqlite3.connect(path)
sq.initialise_new_file(raw)
raw.close()
engine = sq.make_migration_engine(path)
with engine.begin() as conn:
    upgrade(conn, "0001")
    conn.execute(text("INSERT INTO setting (key, value) VALUES ('case_uuid', :u)"),
                 {"u": str(uuid.uuid4())})
engine.dispose()
EOF

# And an Outlook message, written with extract-msg's own OLE writer (as in
# tests/test_ingest.py).
clean_env "$WORK/venv/bin/python" - "$WORK/status.msg" <<'EOF'
import struct
import sys

from extract_msg.ole_writer import OleWriter

writer = OleWriter()
writer.addEntry("__properties_version1.0",
                b"\0" * 8 + struct.pack("<IIII", 0, 0, 0, 0) + b"\0" * 8)
for tag, value in (("001A001F", "IPM.Note"), ("0037001F", "FOIA 2020-ICFO-12345: status"),
                   ("1000001F", "Your request is still being processed."),
                   ("0C1A001F", "ICE FOIA Office"), ("1035001F", "<status-1@ice.dhs.gov>")):
    writer.addEntry(f"__substg1.0_{tag}", value.encode("utf-16-le"))
writer.addEntry("__nameid_version1.0", storage=True)
for stream in ("00020102", "00030102", "00040102"):
    writer.addEntry(f"__nameid_version1.0/__substg1.0_{stream}", b"")
writer.write(sys.argv[1])
EOF

step "(a) one job of each kind with the installed wheel"
clean_env bash "$ROOT/packaging/smoke.sh" "$WORK/venv/bin" "$WORK/wheel-jobs" \
  "$WORK/first-revision.casefile" "$WORK/status.msg"

step "(b) the Linux one-folder bundle and its tarball"
CASEFILE_BUILD_VENV="$WORK/venv" bash "$ROOT/packaging/linux/build.sh"
TARBALL=$(ls "$ROOT"/dist/casefile-*-linux-*.tar.gz)
mkdir -p "$WORK/unpacked"
tar -xzf "$TARBALL" -C "$WORK/unpacked"
APP=$(ls -d "$WORK"/unpacked/casefile-*)
size_mb=$(du -sm --apparent-size "$APP" | cut -f1)
echo "   unpacked: $size_mb MB; tarball $(du -sm --apparent-size "$TARBALL" | cut -f1) MB"
if [ "$size_mb" -ge 250 ]; then
  echo "ci-check: the bundle is $size_mb MB; it must stay under 250 MB" >&2
  exit 1
fi
# The bundle carries the build machine's libraries, so it needs a glibc at
# least as new as theirs (packaging/README.md: which distributions that is).
glibc=$(find "$APP" -type f \( -name '*.so*' -o -name casefile -o -name casefile-gui \) \
  -exec objdump -T {} + 2>/dev/null | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u \
  | tail -n 1 || true)
echo "   needs glibc ${glibc#GLIBC_} or newer"
# Qt's X11 plugin needs the xcb libraries casefile/display.py names; the
# bundle carries them, so a desktop without them still gets a window. They
# are bundled only if this machine has them.
missing=$("$WORK/venv/bin/python" -c "
from casefile.display import XCB_LIBRARIES
print(' '.join(p for lib, p in XCB_LIBRARIES.items()
               if lib.startswith(('libxcb', 'libxkbcommon-x11'))
               and not __import__('os').path.exists('$APP/_internal/' + lib)))")
if [ -n "$missing" ]; then
  echo "ci-check: the bundle lacks Qt's xcb libraries: apt-get install $missing" >&2
  exit 1
fi

step "(b) one job of each kind with the bundle alone"
clean_env bash "$ROOT/packaging/smoke.sh" "$APP" "$WORK/bundle-jobs" \
  "$WORK/first-revision.casefile" "$WORK/status.msg"
# Same code, same libraries: the same answers, and the same bytes.
diff "$WORK/wheel-jobs/deadlines.txt" "$WORK/bundle-jobs/deadlines.txt"
cmp "$WORK/wheel-jobs/filing/Rivera Declaration exhibits.pdf" \
  "$WORK/bundle-jobs/filing/Rivera Declaration exhibits.pdf"
echo "   the deadlines and the exhibit bundle match the wheel's"

step "(b) the bundle's window, offscreen"
cd "$WORK/bundle-jobs"
start=$(date +%s.%N)
clean_env QT_QPA_PLATFORM=offscreen CASEFILE_SMOKE_TEST=child \
  timeout 120 "$APP/casefile-gui" demo/IDP-v-DHS.casefile | tee "$WORK/gui.out"
shown=$(awk '/casefile-smoke: shown at/ {print $4}' "$WORK/gui.out" | tr -d :)
python3 -c "print(f'   launch to window shown: {$shown - $start:.2f} s')"
grep -q "casefile-smoke: read in a child process" "$WORK/gui.out"

step "(b) the bundle's window on an X server: casefile-gui, and casefile demo"
if need xvfb-run; then
  clean_env CASEFILE_SMOKE_TEST=1 xvfb-run -a timeout 120 "$APP/casefile-gui" \
    demo/IDP-v-DHS.casefile | tee "$WORK/x11.out"
  grep -q "casefile-smoke: shown" "$WORK/x11.out"
  # The command opens the window through the casefile-gui entry point.
  clean_env CASEFILE_SMOKE_TEST=1 xvfb-run -a timeout 120 "$APP/casefile" demo \
    --out x11-demo | tee "$WORK/x11-demo.out"
  grep -q "casefile-smoke: shown" "$WORK/x11-demo.out"
fi

step "(b) install.sh: the menu entry, the icon and the .casefile type"
PREFIX="$WORK/prefix"
# XDG_DATA_HOME: the scratch prefix stands for ~/.local, as the desktop would see it.
clean_env PREFIX="$PREFIX" XDG_DATA_HOME="$PREFIX/share" "$APP/install.sh"
test -x "$PREFIX/bin/casefile-gui"
clean_env "$PREFIX/bin/casefile" --version
if need update-mime-database; then
  grep -q "application/x-casefile:\*\.casefile" "$PREFIX/share/mime/globs2"
  # What a file manager concludes, asked through shared-mime-info (Qt's reader):
  # a case by its name, a case renamed by its bytes, and any other SQLite file not.
  cp demo/IDP-v-DHS.casefile "$WORK/renamed.bin"
  "$WORK/venv/bin/python" -c "import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute(
      'create table t (x)').connection.commit()" "$WORK/other.sqlite"
  clean_env XDG_DATA_HOME="$PREFIX/share" XDG_DATA_DIRS=/usr/share "$WORK/venv/bin/python" - \
    "$PWD/demo/IDP-v-DHS.casefile" "$WORK/renamed.bin" "$WORK/other.sqlite" <<'EOF'
import os
import sys

from PySide6.QtCore import QMimeDatabase

db = QMimeDatabase()
got = [db.mimeTypeForFile(path).name() for path in sys.argv[1:]]
print("   " + "; ".join(f"{os.path.basename(p)}: {m}" for p, m in zip(sys.argv[1:], got)))
sys.exit(got != ["application/x-casefile", "application/x-casefile", "application/vnd.sqlite3"])
EOF
fi
if need desktop-file-validate; then
  desktop-file-validate "$ROOT/packaging/linux/casefile.desktop"
  desktop-file-validate "$PREFIX/share/applications/casefile.desktop"
fi
if need appstreamcli; then
  appstreamcli validate --no-net "$ROOT/packaging/linux/io.casefile.Casefile.metainfo.xml"
fi
clean_env PREFIX="$PREFIX" XDG_DATA_HOME="$PREFIX/share" "$PREFIX/lib/casefile/install.sh" \
  --uninstall
test ! -e "$PREFIX/bin/casefile" && test ! -e "$PREFIX/lib/casefile"
test ! -e "$PREFIX/share/applications/casefile.desktop"

step "done"
echo "ci-check: the wheel and the Linux bundle work on their own ($((SECONDS - T0)) s)"
