#!/usr/bin/env bash
# Build Casefile for Linux: the one-folder bundle and its tarball.
#
#     bash packaging/linux/build.sh
#
# gives dist/casefile/ (run dist/casefile/casefile-gui, or its install.sh) and
# dist/casefile-VERSION-linux-x86_64.tar.gz. PyInstaller runs in a virtual
# environment holding only `pip install .[package]`, so what is bundled is
# what the project depends on, not whatever a developer's environment holds:
# build/bundle-venv, made on first use, or CASEFILE_BUILD_VENV (CI passes the
# fresh one it tested the wheel in). PYTHON picks the interpreter (python3).
#
# Repeatable: the tarball's dates are the last commit's (SOURCE_DATE_EPOCH),
# its entries sorted and owned by root, gzip without a timestamp.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
VENV=${CASEFILE_BUILD_VENV:-$ROOT/build/bundle-venv}
DIST=$ROOT/dist
BUNDLE=$DIST/casefile
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
export PYTHONHASHSEED=0  # the same bytecode from the same sources
export PIP_DISABLE_PIP_VERSION_CHECK=1

if [ ! -x "$VENV/bin/python" ]; then
  echo "+ a build environment in $VENV"
  "${PYTHON:-python3}" -m venv "$VENV"
fi
echo "+ pip install .[package] into $VENV"
"$VENV/bin/pip" install --quiet "$ROOT[package]"

echo "+ pyinstaller packaging/casefile.spec"
"$VENV/bin/python" -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$ROOT/build/pyinstaller" "$ROOT/packaging/casefile.spec"

# Desktop integration beside the programs: install.sh copies it into place.
install -D -m 644 packaging/linux/casefile.desktop "$BUNDLE/share/applications/casefile.desktop"
install -D -m 644 packaging/linux/io.casefile.Casefile.metainfo.xml \
  "$BUNDLE/share/metainfo/io.casefile.Casefile.metainfo.xml"
install -D -m 644 packaging/linux/casefile-mime.xml "$BUNDLE/share/mime/packages/casefile.xml"
install -D -m 644 resources/icons/app.svg "$BUNDLE/share/icons/hicolor/scalable/apps/casefile.svg"
install -D -m 644 resources/icons/app.svg \
  "$BUNDLE/share/icons/hicolor/scalable/mimetypes/application-x-casefile.svg"
for size in 16 24 32 48 64 128 256 512; do
  for kind in apps/casefile mimetypes/application-x-casefile; do
    install -D -m 644 "packaging/icons/casefile-$size.png" \
      "$BUNDLE/share/icons/hicolor/${size}x${size}/$kind.png"
  done
done
install -m 755 packaging/linux/install.sh "$BUNDLE/install.sh"

version=$("$BUNDLE/casefile" --version | awk '{print $2}')
tarball=$DIST/casefile-$version-linux-$(uname -m).tar.gz
echo "+ $tarball"
tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
  --transform "s,^casefile,casefile-$version,SH" -C "$DIST" -cf - casefile | gzip -n -9 > "$tarball"

echo "bundle: $BUNDLE ($(du -sm --apparent-size "$BUNDLE" | cut -f1) MB)"
echo "tarball: $tarball ($(du -sm --apparent-size "$tarball" | cut -f1) MB)"
