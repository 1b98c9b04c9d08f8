#!/usr/bin/env bash
# Run one of each kind of job with an installed Casefile, as a user would:
#
#     bash packaging/smoke.sh BIN_DIR WORK_DIR [OLD_CASE [MESSAGE.msg]]
#
# BIN_DIR holds `casefile` (a virtual environment's bin/, or the one-folder
# bundle). Each job loads code and data a build can leave out: the demo
# (ReportLab, pikepdf); imports through the reader's spawned child process
# (PDF, Word, email, an image, a ZIP, and MESSAGE.msg if given); search; the
# deadlines (holidays) and calendar (icalendar); Vaughn exports, their import
# and the review (python-docx, openpyxl); an exhibit bundle with its ZIP and
# the CM/ECF preflight; a Word draft (docxtpl, the templates); the integrity
# check; and, given OLD_CASE (a case file at the first schema revision),
# Alembic's upgrade from the shipped migrations. Runs in WORK_DIR with no
# display; stops at the first job that fails.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BIN=$(cd "$1" && pwd)
WORK=$2
OLD=${3:-}
MSG=${4:-}
mkdir -p "$WORK"
cd "$WORK"
export QT_QPA_PLATFORM=offscreen CASEFILE_DATA_DIR=$WORK/data
unset DISPLAY WAYLAND_DISPLAY

run() {
  local start=$SECONDS
  echo "+ casefile $*"
  "$BIN/casefile" "$@" > "$WORK/last.out" 2>&1 || {
    status=$?
    cat "$WORK/last.out"
    echo "smoke: 'casefile $*' failed (exit $status)" >&2
    exit 1
  }
  sed 's/^/    /' "$WORK/last.out" | head -n 4
  if [ $((SECONDS - start)) -gt 1 ]; then echo "    ($((SECONDS - start)) s)"; fi
}

CASE=demo/IDP-v-DHS.casefile
SET="Rivera Declaration exhibits"
run --version
run demo --out demo  # no display: builds the case and its outputs, says why no window
test -s demo/case-summary.txt
run info "$CASE"
run new imported
run import imported.casefile demo/exhibits
run search imported.casefile '"interim release"'
run deadlines "$CASE" --today 2021-03-01
cp "$WORK/last.out" deadlines.txt
run calendar "$CASE" --ics deadlines.ics --today 2021-03-01
grep -q BEGIN:VEVENT deadlines.ics
run vaughn export "$CASE" index.docx
run vaughn export "$CASE" index.xlsx
run vaughn export "$CASE" index.csv
run vaughn import imported.casefile index.docx
run vaughn import imported.casefile index.xlsx --dry-run
run vaughn review "$CASE" --out review.docx
run vaughn stats "$CASE"
run bundle build "$CASE" "$SET" --out filing --bates PLTF- --zip
ls filing/*.zip > /dev/null
run bundle preflight "$(ls filing/*.pdf | head -n 1)"
run draft "$CASE" complaint --out complaint.docx
test -s complaint.docx
# The other kinds of file an import reads: Word, email, an image (OCR'd where
# Tesseract is installed), a ZIP, and an Outlook message when one is given.
cat > letter.eml <<'EOF'
From: ICE FOIA Office <ice-foia@ice.dhs.gov>
To: Alex Rivera <arivera@example.org>
Subject: FOIA 2020-ICFO-12345: acknowledgment
Date: Thu, 25 Jun 2020 10:00:00 -0400
Message-ID: <ack-1@ice.dhs.gov>

ICE received your FOIA request on June 18, 2020.
EOF
run import imported.casefile complaint.docx letter.eml "$HERE/icons/casefile-256.png" \
  filing/*.zip ${MSG:+"$MSG"}
run draft templates
run check "$CASE"
if [ -n "$OLD" ]; then
  cp "$OLD" old.casefile
  # Opened to write, it is upgraded to the newest revision after a backup;
  # `info` reads only a file that is up to date.
  run add agency old.casefile --name "Federal Bureau of Investigation" --abbreviation FBI
  find "$CASEFILE_DATA_DIR" -name '*before-upgrade-from-0001*' | grep -q .
  run info old.casefile
fi
echo "smoke: every job ran ($SECONDS s)"
