"""The fields a template can use, each with an example: `casefile draft fields`."""

from __future__ import annotations

from pathlib import Path


def example_context() -> dict:
    """The fields filled from the demo case, built aside for the purpose."""
    from casefile import leftovers
    from casefile.demo import build_demo
    from casefile.drafts.context import build
    from casefile.store import CaseFile

    with leftovers.scratch_dir("fields") as tmp:
        path = build_demo(Path(tmp))
        with CaseFile.open(path, read_only=True) as case, case.reading() as s:
            return build(s, author="Casefile").values


def flatten(value, prefix: str = "") -> list[tuple[str, str]]:
    """('matter.docket_no', '1:20-cv-08000'), ('requests[].items_requested[].text', '…'), …"""
    out: list[tuple[str, str]] = []
    if isinstance(value, dict):
        for key, item in value.items():
            if key == "id":
                continue
            out += flatten(item, f"{prefix}.{key}" if prefix else key)
    elif isinstance(value, list):
        if value and isinstance(value[0], (dict, list)):
            out += flatten(value[0], f"{prefix}[]")
        else:
            shown = repr(value[0]).replace("\\xa0", " ") if value else "(empty here)"
            out.append((f"{prefix}[]", shown))
    else:
        text = str(value)
        out.append((prefix, text if len(text) <= 70 else text[:67] + "…"))
    return out


def describe(values: dict | None) -> list[str]:
    values = values if values is not None else example_context()
    rows = flatten(values)
    width = max(len(name) for name, _ in rows)
    lines = ["Fields (in a template: {{ matter.docket_no }}; lists: {%p for r in requests %} "
             "… {%p endfor %}):", ""]
    lines += [f"  {name.ljust(width)}  {example}" for name, example in rows]
    return lines
