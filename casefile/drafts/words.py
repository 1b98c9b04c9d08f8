"""Grammar and typography of a court paper, from the case's data.

A draft's words follow the case: one plaintiff is "Plaintiff … has", two are
"Plaintiffs … have"; an agency's full name takes its article ("the Federal
Bureau of Investigation"). Citations are tied with non-breaking spaces so
that "5 U.S.C. § 552(a)(6)(A)(i)" and a pin cite never break across lines.
"""

from __future__ import annotations

import re

NBSP = "\u00a0"

# Reporters and codes whose number, name and page must stay on one line.
_CITE = re.compile(
    r"\b(\d+)\s+(U\.S\.C\.|C\.F\.R\.|F\. Supp\.(?: [23]d)?|F\.(?:2d|3d|4th)|F\.R\.D\.|"
    r"Fed\. Appx?\.|L\. Ed\.(?: 2d)?|S\. Ct\.|U\.S\.|F\.)\s+(§+\s*)?(\d+)")
_SECTION = re.compile(r"(§+)\s+(?=\d)")
_RULE = re.compile(r"\b(Fed\.) (R\.) (Civ\.|App\.|Evid\.) (P\.) (?=\d)")
_PIN = re.compile(r"(\u00a0\d+), (\d+)")  # "484 F.2d 820, 826": the pin stays with its page
_COURT_YEAR = re.compile(r"\((?:[A-Z0-9][A-Za-z.]*\.? ){1,4}\d{4}\)")  # "(D.C. Cir. 1973)"
_DATE = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|"
                   r"November|December) (\d{1,2}),")  # "March 1," stays together
_NUMBER = re.compile(r"\b(No\.|Nos\.|Ex\.|Exs\.|¶+|pp?\.) (?=[\dA-Z])")


def tie(text: str) -> str:
    """``text`` with its citations tied: "5 U.S.C. § 552(a)", "28 C.F.R. § 16.8",
    "484 F.2d 820", "Fed. R. Civ. P. 4(i)", "No. 1:20-cv-08000", "§ 1746"."""
    if not text:
        return text
    text = _CITE.sub(lambda m: NBSP.join(x.strip().replace(" ", NBSP)
                                         for x in m.groups() if x), text)
    text = _PIN.sub(lambda m: f"{m[1]},{NBSP}{m[2]}", text)
    text = _COURT_YEAR.sub(lambda m: m[0].replace(" ", NBSP), text)
    text = _SECTION.sub(lambda m: m[1] + NBSP, text)
    text = _RULE.sub(lambda m: NBSP.join(m.groups()) + NBSP, text)
    text = _NUMBER.sub(lambda m: m[1] + NBSP, text)
    text = _DATE.sub(lambda m: f"{m[1]}{NBSP}{m[2]},", text)
    # Not tied: ")(" inside "552(a)(6)(E)", where LibreOffice (not Word) may break. A
    # word joiner there would stop it, but Word's Find would then miss "552(a)(6)".
    return text


def keep_together(text: str) -> str:
    """A name or heading that must not wrap in the middle (the court's name)."""
    return text.replace(" ", NBSP)


_INSTITUTIONS = {
    "Department", "Bureau", "Agency", "Administration", "Office", "Service", "Commission",
    "Council", "Board", "Center", "Centre", "Project", "Institute", "Foundation", "Committee",
    "Union", "Corporation", "Authority", "Division", "Command", "Survey", "Archives",
    "Library", "Court", "Coalition", "Network", "Association", "Society", "Fund", "Trust",
    "Alliance", "Clinic", "Organization", "Organisation", "Federation", "Army", "Navy",
    "Corps", "Guard", "Marshals", "Reserve", "Academy", "Museum", "Institution", "Program",
    "Initiative", "Campaign", "Conference", "Partnership", "Collective", "Forum", "Group"}


def the(name: str) -> str:
    """An agency's or organisation's full name with its article: "the Federal
    Bureau of Investigation". Names that already have one, and a person's name
    (no capitalised institution word), are left alone."""
    name = name.strip()
    if not name or name.lower().startswith("the "):
        return name
    # The head noun decides: "Federal Bureau of Investigation" (Bureau) takes "the",
    # "U.S. Immigration and Customs Enforcement" (Enforcement) does not.
    head = re.split(r"\s+(?:of|for|on|to)\s+", name, maxsplit=1)[0].split()[-1]
    institutional = head in _INSTITUTIONS
    return f"the {name}" if institutional else name


def the_each(names: str) -> str:
    """"Immigrant Defense Project and Center for Constitutional Rights" → "the
    Immigrant Defense Project and the Center for Constitutional Rights"."""
    return " and ".join(the(part) for part in re.split(r"\s+and\s+", names.strip()))


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def join(names: list[str]) -> str:
    if len(names) <= 2:
        return " and ".join(names)
    return ", ".join(names[:-1]) + ", and " + names[-1]


def side_words(role: str, count: int) -> dict[str, str]:
    """The words for one side of the caption, by its number of parties:
    {'plaintiffs': 'Plaintiff', 'plaintiffs_possessive': 'Plaintiff’s',
    'plaintiffs_have': 'has', …} for a single plaintiff."""
    one = count == 1
    noun = role.capitalize() if one else role.capitalize() + "s"
    key = role + "s"
    return {
        key: noun,
        f"{key}_possessive": noun + ("’s" if one else "’"),
        f"{key}_have": "has" if one else "have",
        f"{key}_are": "is" if one else "are",
        f"{key}_were": "was" if one else "were",
        f"{key}_s": "s" if one else "",  # "Plaintiff seeks" / "Plaintiffs seek"
        f"{key}_they": "it" if one else "they",
        f"{key}_their": "its" if one else "their",
        f"{key}_them": "it" if one else "them",
    }


def is_plural_requester(requester: str) -> bool:
    """"IDP and CCR" are requesters; "Jane Doe" is a requester."""
    return bool(re.search(r"\band\b|,|&", requester))


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
         "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX")


def roman(n: int) -> str:
    return ROMAN[n - 1] if 0 < n <= len(ROMAN) else str(n)


_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan",
    "MN": "Minnesota", "MS": "Mississippi", "MO": "Missouri", "MT": "Montana",
    "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire", "NJ": "New Jersey",
    "NM": "New Mexico", "NY": "New York", "NC": "North Carolina", "ND": "North Dakota",
    "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island",
    "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas",
    "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming", "PR": "Puerto Rico",
}


def court_state(court: str) -> str | None:
    """"… for the Southern District of New York" → "New York"."""
    m = re.search(r"District of ([A-Z][A-Za-z ]+?)(?:\s*\(|$|,)", court or "")
    if m:
        return m[1].strip()
    return None


def in_state(address_or_description: str, state: str) -> bool:
    text = address_or_description or ""
    if state == "District of Columbia":
        return bool(re.search(r"\bD\.?C\.?\b|Washington, D\.C\.|District of Columbia", text))
    code = next((k for k, v in _STATES.items() if v == state), None)
    return bool(re.search(rf"\b{re.escape(state)}\b", text)
                or (code and re.search(rf",\s*{code}\b", text)))


def court_lines(court: str) -> list[str]:
    """The court's name as a caption sets it: "UNITED STATES DISTRICT COURT" above
    "SOUTHERN DISTRICT OF NEW YORK", each kept on its line."""
    m = re.match(r"\s*(United States District Court)\s+for\s+the\s+(.+)$", court or "", re.I)
    lines = [m[1], m[2]] if m else [court]
    return [keep_together(line.upper()) for line in lines]


# The courts of appeals' circuits, 28 U.S.C. § 41, by the state a district court sits in.
_CIRCUITS = {
    "1st Cir.": ("Maine", "Massachusetts", "New Hampshire", "Rhode Island", "Puerto Rico"),
    "2d Cir.": ("Connecticut", "New York", "Vermont"),
    "3d Cir.": ("Delaware", "New Jersey", "Pennsylvania"),
    "4th Cir.": ("Maryland", "North Carolina", "South Carolina", "Virginia", "West Virginia"),
    "5th Cir.": ("Louisiana", "Mississippi", "Texas"),
    "6th Cir.": ("Kentucky", "Michigan", "Ohio", "Tennessee"),
    "7th Cir.": ("Illinois", "Indiana", "Wisconsin"),
    "8th Cir.": ("Arkansas", "Iowa", "Minnesota", "Missouri", "Nebraska", "North Dakota",
                 "South Dakota"),
    "9th Cir.": ("Alaska", "Arizona", "California", "Hawaii", "Idaho", "Montana", "Nevada",
                 "Oregon", "Washington"),
    "10th Cir.": ("Colorado", "Kansas", "New Mexico", "Oklahoma", "Utah", "Wyoming"),
    "11th Cir.": ("Alabama", "Florida", "Georgia"),
}


def circuit(court: str) -> str:
    """The circuit of the case's court ("2d Cir."); the D.C. Circuit for the
    District of Columbia and for a court not recognised (FOIA's home venue)."""
    state = court_state(court)
    for name, states in _CIRCUITS.items():
        if state in states:
            return name
    return "D.C. Cir."
