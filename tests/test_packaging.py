"""What `pip install .` ships: every package, the data files, the entry points."""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tomllib
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def test_every_package_in_the_tree_is_in_the_package_list():
    listed = set(tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
                 ["packages"])
    found = {".".join(p.parent.relative_to(REPO).parts)
             for top in ("casefile", "ui") for p in (REPO / top).rglob("__init__.py")}
    found.add("casefile.resources")  # resources/ is mapped into the package
    assert listed == found


def test_the_exemption_catalog_is_package_data():
    catalog = resources.files("casefile.resources").joinpath("data/exemptions.json")
    assert "(b)(7)(C)" in catalog.read_text(encoding="utf-8")


def test_both_commands_are_installed():
    console = {e.name: e.value for e in entry_points(group="console_scripts")}
    gui = {e.name: e.value for e in entry_points(group="gui_scripts")}
    assert console.get("casefile") == "casefile.cli:main"
    assert gui.get("casefile-gui") == "ui.app:main"


# --- the platform builds (packaging/): what can be checked without building -------
# Building and running the bundle takes minutes; packaging/ci-check.sh does that.

PACKAGING = REPO / "packaging"
EXTENSION, MIME_TYPE, UTI = "casefile", "application/x-casefile", "io.casefile.case"
FREEDESKTOP = "{http://www.freedesktop.org/standards/shared-mime-info}"


def _desktop_entry() -> dict[str, str]:
    lines = (PACKAGING / "linux" / "casefile.desktop").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[Desktop Entry]"
    return dict(line.split("=", 1) for line in lines[1:] if "=" in line)


def _spec_constants() -> dict[str, object]:
    """The lists casefile.spec assigns, read without running PyInstaller."""
    import ast

    tree = ast.parse((PACKAGING / "casefile.spec").read_text(encoding="utf-8"))
    return {node.targets[0].id: ast.literal_eval(node.value) for node in tree.body
            if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
            and node.targets[0].id in ("QT_EXCLUDES", "PY_EXCLUDES", "DROP")}


def test_desktop_file_mime_package_metainfo_plist_and_installer_name_one_file_type():
    import plistlib
    import xml.etree.ElementTree as ET

    from casefile.store.sqlite import APPLICATION_ID

    entry = _desktop_entry()
    assert MIME_TYPE in entry["MimeType"].rstrip(";").split(";")
    assert entry["Exec"] == "casefile-gui %f" and entry["Icon"] == "casefile"

    mime = ET.parse(PACKAGING / "linux" / "casefile-mime.xml").getroot()
    [declared] = mime.findall(f"{FREEDESKTOP}mime-type")
    assert declared.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in declared.iter(f"{FREEDESKTOP}glob")] == [f"*.{EXTENSION}"]
    # The magic is SQLite's header, then the application_id every case is stamped with.
    [header] = declared.find(f"{FREEDESKTOP}magic")
    [app_id] = header
    assert header.get("value") == "SQLite format 3"
    assert (app_id.get("type"), int(app_id.get("value"), 16), app_id.get("offset")) == (
        "big32", APPLICATION_ID, "68")

    metainfo = ET.parse(PACKAGING / "linux" / "io.casefile.Casefile.metainfo.xml").getroot()
    assert [m.text for m in metainfo.iter("mediatype")] == [MIME_TYPE]
    assert metainfo.find("launchable").text == "casefile.desktop"

    with open(PACKAGING / "macos" / "Info.plist", "rb") as f:
        plist = plistlib.load(f)
    [exported] = plist["UTExportedTypeDeclarations"]
    assert exported["UTTypeIdentifier"] == UTI
    assert exported["UTTypeTagSpecification"] == {"public.filename-extension": [EXTENSION],
                                                  "public.mime-type": [MIME_TYPE]}
    [document] = plist["CFBundleDocumentTypes"]
    assert document["LSItemContentTypes"] == [UTI]
    assert document["CFBundleTypeIconFile"] == "casefile.icns"

    installer = (PACKAGING / "windows" / "casefile.iss").read_text(encoding="utf-8")
    assert f'Subkey: "Software\\Classes\\.{EXTENSION}"; ValueType: string; ValueName: ""' \
        in installer
    assert f'ValueName: "Content Type"; ValueData: "{MIME_TYPE}"' in installer
    assert '"{app}\\casefile-gui.exe"" ""%1"""' in installer  # Open passes the file


def test_the_desktop_file_is_the_one_the_window_names():
    # Wayland and the docks find the window's icon and name through this name.
    source = (REPO / "ui" / "app.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("casefile")' in source
    assert (PACKAGING / "linux" / "casefile.desktop").exists()


def test_the_metainfo_lists_this_version_as_its_newest_release():
    import xml.etree.ElementTree as ET

    from casefile import __version__

    metainfo = ET.parse(PACKAGING / "linux" / "io.casefile.Casefile.metainfo.xml").getroot()
    assert metainfo.find("releases/release").get("version") == __version__


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="shared-mime-info is Linux's")
def test_shared_mime_info_knows_a_case_by_its_name_and_by_its_bytes(new_case, tmp_path):
    # Qt's reader of the freedesktop database, in its own process so that the
    # database it loads is ours; it reads packages/*.xml without
    # update-mime-database.
    packages = tmp_path / "share" / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(PACKAGING / "linux" / "casefile-mime.xml", packages / "casefile.xml")
    renamed = shutil.copy(new_case, tmp_path / "renamed.bin")
    other = tmp_path / "other.sqlite"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.commit()
    script = ("import sys\nfrom PySide6.QtCore import QMimeDatabase\n"
              "print(' '.join(QMimeDatabase().mimeTypeForFile(p).name() for p in sys.argv[1:]))")
    result = subprocess.run([sys.executable, "-c", script, str(new_case), str(renamed), str(other)],
                            capture_output=True, text=True, timeout=60, check=True,
                            env={**os.environ, "XDG_DATA_HOME": str(tmp_path / "share")})
    by_name, by_bytes, not_a_case = result.stdout.split()
    assert (by_name, by_bytes) == (MIME_TYPE, MIME_TYPE)
    assert not_a_case != MIME_TYPE


def test_every_icon_exists_in_every_size():
    from PIL import Image

    icons = PACKAGING / "icons"
    for size in (16, 24, 32, 48, 64, 128, 256, 512, 1024):
        with Image.open(icons / f"casefile-{size}.png") as png:
            assert png.size == (size, size) and png.mode == "RGBA"
    with Image.open(icons / "casefile.ico") as ico:
        assert ico.info["sizes"] == {(s, s) for s in (16, 24, 32, 48, 64, 128, 256)}
    with Image.open(icons / "casefile.icns") as icns:
        assert {s[0] * s[2] for s in icns.info["sizes"]} >= {32, 64, 128, 256, 512, 1024}
    # The one source every size is drawn from.
    assert (REPO / "resources" / "icons" / "app.svg").exists()


def test_the_spec_leaves_out_the_qt_the_app_does_not_use():
    spec = _spec_constants()
    excluded = set(spec["QT_EXCLUDES"])
    heavy = {"PySide6.QtWebEngineCore", "PySide6.QtWebEngineWidgets", "PySide6.QtQml",
             "PySide6.QtQuick", "PySide6.QtQuickWidgets", "PySide6.Qt3DCore",
             "PySide6.QtMultimedia", "PySide6.QtCharts", "PySide6.QtDesigner"}
    assert heavy <= excluded
    # What the hooks collect and the folder leaves out, in each platform's layout.
    dropped = re.compile("|".join(spec["DROP"]))
    for path in ("PySide6/Qt/translations/qtbase_de.qm", "PySide6/translations/qtbase_de.qm",
                 "PySide6/Qt/qml/QtQuick/Controls/qmldir", "PySide6/qml/QtQml/qmldir",
                 "PySide6/Qt/plugins/tls/libqopensslbackend.so",
                 "PySide6/plugins/tls/qschannelbackend.dll",
                 "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
                 "PySide6/Qt/lib/libQt6Quick.so.6", "PySide6/Qt6Qml.dll",
                 "PySide6/Qt/lib/QtQml.framework/Versions/A/QtQml"):
        assert dropped.search(path), path
    for path in ("PySide6/Qt/lib/libQt6Widgets.so.6", "PySide6/Qt/lib/libQt6Pdf.so.6",
                 "PySide6/Qt/lib/libQt6Network.so.6", "PySide6/Qt6Pdf.dll",
                 "PySide6/Qt/lib/QtSvg.framework/Versions/A/QtSvg",
                 "PySide6/Qt/plugins/platforms/libqxcb.so",
                 "PySide6/Qt/plugins/platforms/libqwayland.so",
                 "PySide6/plugins/platforms/qwindows.dll",
                 "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
                 "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
                 "PySide6/Qt/plugins/imageformats/libqjpeg.so"):
        assert not dropped.search(path), path
    # ... and none of it is what the app imports.
    used = {m for top in ("casefile", "ui") for p in (REPO / top).rglob("*.py")
            for m in re.findall(r"PySide6\.Qt\w+", p.read_text(encoding="utf-8"))}
    assert used and not used & excluded, used & excluded


def test_each_frozen_program_calls_freeze_support_before_anything_else():
    # A spawned child (the import reader, casefile.jobs.in_child) re-runs the
    # program; freeze_support() must catch it before any other work starts.
    import ast

    for script in ("casefile_cli.py", "casefile_gui.py"):
        tree = ast.parse((PACKAGING / script).read_text(encoding="utf-8"))
        imports = [n for n in tree.body if isinstance(n, ast.Import | ast.ImportFrom)]
        assert {a.name for n in imports for a in n.names} <= {"multiprocessing", "os", "sys"}
        [main] = [n for n in tree.body if isinstance(n, ast.If)]
        first = main.body[0].value
        assert ast.unparse(first) == "multiprocessing.freeze_support()", script
        assert script in (PACKAGING / "casefile.spec").read_text(encoding="utf-8")


def test_the_package_extra_brings_pyinstaller():
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert any(r.startswith("pyinstaller>=") for r in extras["package"])


def test_the_packaging_scripts_parse():
    for script in ("ci-check.sh", "smoke.sh", "linux/build.sh", "linux/install.sh"):
        subprocess.run(["bash", "-n", str(PACKAGING / script)], check=True)
