"""What `pip install .` ships: every package, the data files, the entry points."""

from __future__ import annotations

import tomllib
from importlib import resources
from importlib.metadata import entry_points
from pathlib import Path

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
