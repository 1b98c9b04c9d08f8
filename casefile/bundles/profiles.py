"""Court profiles: a per-file size limit, how exhibits are labelled, where marks go.

A few ship in ``resources/data/court_profiles.json``; a user's own, in
``court_profiles.json`` in the Casefile data folder, are added to them (and
replace a built-in one of the same key).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from importlib import resources

from casefile.bundles import POSITIONS
from casefile.errors import InputError
from casefile.paths import user_data_dir

USER_FILE = "court_profiles.json"


@dataclass(frozen=True)
class Profile:
    key: str
    name: str
    size_limit_mb: float
    label_scheme: str = "numbers"  # or "letters"
    label_prefix: str = "Ex."
    stamp_position: str = "top-right"
    footer_position: str = "bottom-center"
    bates_position: str = "bottom-left"
    # How near the page's edge a mark's ink may come, in points: 3/8 in. at the
    # least (where printers do not clip); a court may ask for more.
    margin_pt: float = 27.0

    @property
    def size_limit(self) -> int:
        return int(self.size_limit_mb * 1024 * 1024)


def _read(text: str, where: str) -> list[Profile]:
    try:
        items = json.loads(text)["profiles"]
        known = {f.name for f in fields(Profile)}
        profiles = [Profile(**{k: v for k, v in item.items() if k in known}) for item in items]
    except (ValueError, KeyError, TypeError) as exc:
        raise InputError(f"The court profiles in {where} cannot be read ({exc}); fix the file "
                         "or remove it.") from None
    for p in profiles:
        bad = [pos for pos in (p.stamp_position, p.footer_position, p.bates_position)
               if pos not in POSITIONS]
        if bad or p.label_scheme not in ("numbers", "letters") or p.size_limit_mb <= 0:
            raise InputError(f"The court profile '{p.key}' in {where} is not valid: positions "
                             f"are {', '.join(POSITIONS)}; labels numbers or letters; the size "
                             "limit a number of MB.")
        if not isinstance(p.margin_pt, int | float) or not 27 <= p.margin_pt <= 144:
            raise InputError(f"The court profile '{p.key}' in {where} is not valid: margin_pt "
                             "is the marks' distance from the page's edge in points, from 27 "
                             "(3/8 in., where printers do not clip) to 144 (2 in.).")
    return profiles


def all_profiles() -> dict[str, Profile]:
    built_in = resources.files("casefile.resources").joinpath("data/court_profiles.json")
    found = {p.key: p for p in _read(built_in.read_text(encoding="utf-8"), "Casefile")}
    mine = user_data_dir() / USER_FILE
    if mine.is_file():
        found.update({p.key: p for p in _read(mine.read_text(encoding="utf-8"), str(mine))})
    return found


def get(key: str | None) -> Profile:
    profiles = all_profiles()
    if key is None:
        return profiles["default"]
    if key not in profiles:
        raise InputError(f"There is no court profile '{key}'; choose one of "
                         f"{', '.join(sorted(profiles))}, or add yours to {USER_FILE} in "
                         "the Casefile data folder.")
    return profiles[key]
