#!/usr/bin/env bash
# Install this Casefile folder for one user (or, as root, with PREFIX=/usr/local,
# for everyone): the programs, the menu entry, the icon, and .casefile files
# opening in Casefile.
#
#     ./install.sh                # into ~/.local
#     ./install.sh --uninstall
#
# The folder is copied to PREFIX/lib/casefile, the two programs linked into
# PREFIX/bin, the .desktop file, metainfo, MIME type and icons copied under
# PREFIX/share and the desktop's caches refreshed. Cases and backups are the
# user's and are never touched.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PREFIX=${PREFIX:-$HOME/.local}
APP=$PREFIX/lib/casefile
SHARE=$PREFIX/share
ICON_SIZES="16 24 32 48 64 128 256 512"

refresh() {
  # Each is optional: a desktop without one simply does not cache that part.
  if command -v update-mime-database >/dev/null; then update-mime-database "$SHARE/mime"; fi
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$SHARE/applications"
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$SHARE/icons/hicolor/index.theme" ]
  then
    gtk-update-icon-cache -q -t "$SHARE/icons/hicolor" || true
  else
    touch "$SHARE/icons/hicolor" 2>/dev/null || true  # what icon loaders watch
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$APP"
  rm -f "$PREFIX/bin/casefile" "$PREFIX/bin/casefile-gui" \
    "$SHARE/applications/casefile.desktop" "$SHARE/metainfo/io.casefile.Casefile.metainfo.xml" \
    "$SHARE/mime/packages/casefile.xml" \
    "$SHARE/icons/hicolor/scalable/apps/casefile.svg" \
    "$SHARE/icons/hicolor/scalable/mimetypes/application-x-casefile.svg"
  for size in $ICON_SIZES; do
    rm -f "$SHARE/icons/hicolor/${size}x${size}/apps/casefile.png" \
      "$SHARE/icons/hicolor/${size}x${size}/mimetypes/application-x-casefile.png"
  done
  refresh
  echo "Casefile is uninstalled from $PREFIX; your cases were not touched."
  exit 0
fi

if [ ! -x "$HERE/casefile-gui" ]; then
  echo "install.sh: run it from the Casefile folder it came in" >&2
  exit 1
fi
if [ "$HERE" != "$APP" ]; then
  rm -rf "$APP.new"
  mkdir -p "$PREFIX/lib"
  cp -a "$HERE" "$APP.new"
  rm -rf "$APP"
  mv "$APP.new" "$APP"
fi
mkdir -p "$PREFIX/bin"
ln -sf "$APP/casefile" "$PREFIX/bin/casefile"
ln -sf "$APP/casefile-gui" "$PREFIX/bin/casefile-gui"
# The menu entry names the program by its full path: ~/.local/bin is not on
# every desktop session's PATH.
mkdir -p "$SHARE/applications"
sed -e "s|^Exec=casefile-gui|Exec=$APP/casefile-gui|" -e "s|^TryExec=casefile-gui|TryExec=$APP/casefile-gui|" \
  "$APP/share/applications/casefile.desktop" > "$SHARE/applications/casefile.desktop"
(cd "$APP/share" && find metainfo mime/packages icons -type f) | while read -r file; do
  install -D -m 644 "$APP/share/$file" "$SHARE/$file"
done
refresh
echo "Casefile is installed: the menu has it, .casefile files open in it,"
echo "and $PREFIX/bin/casefile is the command."
