"""Values written as YAML in the catalog's own style, for text people read and paste.

Used where the project writes YAML for a person (a new entry's skeleton, the YAML a hint says to
write): plain words only where no reader could take them for something else, double quotes
(JSON's, which YAML reads the same) everywhere else; nested mappings as indented blocks, lists of
plain values on one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from .yamlsafe import resolve_plain

# Words YAML 1.1 readers take for booleans or null: always quoted, whatever reads them.
YAML11_WORDS = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null"})
INDENT = "  "
# Starts with a letter; no flow, comment, quote or tag characters; ends without a blank or colon.
_PLAIN = re.compile(r"[A-Za-z][^\x00-\x1f\x7f{}\[\],#&*!|>'\"%@`]*(?<![\s:])")


def plain_ok(text: str) -> bool:
    """Text that reads the same unquoted to the catalog's loader and to YAML 1.1 and 1.2 readers."""
    return bool(
        _PLAIN.fullmatch(text)
        and ": " not in text
        and text.lower() not in YAML11_WORDS
        and resolve_plain(text) == text
    )


def scalar(value: Any) -> str:
    """One value on one line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(item) for item in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key(k)}: {scalar(v)}" for k, v in value.items()) + "}"
    text = str(value)
    return text if plain_ok(text) else json.dumps(text, ensure_ascii=False)


def key(name: str) -> str:
    return name if plain_ok(name) and " " not in name else json.dumps(name, ensure_ascii=False)


def member(name: str, value: Any, depth: int = 0) -> list[str]:
    """`name: value` as block lines at `depth` levels of indentation."""
    pad = INDENT * depth
    if isinstance(value, Mapping) and value:
        lines = [f"{pad}{key(name)}:"]
        for child, item in value.items():
            lines += member(str(child), item, depth + 1)
        return lines
    if isinstance(value, list) and any(isinstance(item, Mapping) and item for item in value):
        lines = [f"{pad}{key(name)}:"]
        for item in value:
            if isinstance(item, Mapping) and item:
                block = [line for child, v in item.items() for line in member(str(child), v, depth + 2)]
                lines.append(f"{pad}{INDENT}- {block[0].lstrip()}")
                lines += block[1:]
            else:
                lines.append(f"{pad}{INDENT}- {scalar(item)}")
        return lines
    return [f"{pad}{key(name)}: {scalar(value)}"]
