"""A fix in words and YAML: what the text output shows under a hint.

A value to write is shown as the nested YAML that holds it, from the top of the file or from
the deepest field the file already has (marked with its line), never as a dotted path: pasted,
`a.b.c: 1` is one field named "a.b.c", not three levels.
"""

from __future__ import annotations

from . import yamltext
from .problems import Change, Fix, FixKind

KIND_WORDS = {
    FixKind.CORRECTION: "a correction",
    FixKind.SUGGESTION: "a suggestion to confirm",
    FixKind.COMMITMENT: "a commitment: true only if the signed documents say so",
}


def tokens(pointer: str) -> list[str]:
    return [t.replace("~1", "/").replace("~0", "~") for t in pointer.split("/")[1:]] if pointer else []


def describe(fix: Fix, file: str = "") -> list[str]:
    """The lines that say what `fix` does, each change in turn."""
    lines: list[str] = []
    adds: dict[str, list[Change]] = {}
    for change in fix.changes:
        if change.op == "add":
            adds.setdefault(change.path, []).append(change)
    for change in fix.changes:
        if change.op == "add":
            if change.path in adds:
                lines += _adds(adds.pop(change.path))
        else:
            lines += _change(change, file)
    return lines


def _change(change: Change, file: str) -> list[str]:
    op, value = change.op, change.value
    if op == "set":
        return _set(change)
    if op == "remove":
        where = f" (line {change.line})" if change.line and change.found == change.path else ""
        return [f"delete `{_name(change.path)}`{where}, and any field above it left empty"]
    if op == "rename":
        where = f"line {change.line}: " if change.line else ""
        return [f"{where}rename `{_name(change.path)}` to `{value}`"]
    if op == "delete-text":
        char = str(value["text"])
        return [
            f"line {value['line']}, column {value['column']}: delete the character U+{ord(char):04X} there"
        ]
    if op == "rename-file":
        return [f"rename the file to {value}"]
    if op == "clear-executable":
        return [
            f"make the file not executable (`chmod -x {file}`)" if file else "make the file not executable"
        ]
    return [f"{op} {change.path}"]


def _name(pointer: str) -> str:
    parts = tokens(pointer)
    return parts[-1] if parts else "(the file)"


def _set(change: Change) -> list[str]:
    parts = tokens(change.path)
    have = tokens(change.found)
    if parts and parts[-1].isdigit():  # an item of a list: replaced where it stands
        where = f"line {change.line}: " if change.line and have == parts else ""
        return [f"{where}write {yamltext.scalar(change.value)} in place of this item"]
    # Start below the last list item on the way: a list item cannot be written as a path.
    start = max((i + 1 for i, part in enumerate(parts) if part.isdigit()), default=0)
    header: list[str] = []
    if start:
        header = [f"in item {int(parts[start - 1]) + 1} of `{parts[start - 2]}`:"]
    lines = yamltext.member(parts[-1], change.value, len(parts) - 1 - start)
    for depth, name in reversed(list(enumerate(parts[start:-1]))):
        lines.insert(0, f"{yamltext.INDENT * depth}{yamltext.key(name)}:")
    known = len(have) - start  # how many of the shown levels the file already has
    if known > 0 and change.line:
        index = known - 1
        note = "in place of what is there" if have == parts else "already in the file: add below it"
        if index < len(lines):
            lines[index] += f"   # line {change.line}, {note}"
    return header + ["  " + line if header else line for line in lines]


def _adds(changes: list[Change]) -> list[str]:
    first = changes[0]
    items = [c.value for c in changes]
    if first.found == first.path and first.line:
        listed = ", ".join(yamltext.scalar(item) for item in items)
        return [f"add {listed} to the list `{_name(first.path)}` (line {first.line})"]
    # No such list yet: write it whole, as a set would.
    return _set(Change("set", first.path, items, first.found, first.line))
