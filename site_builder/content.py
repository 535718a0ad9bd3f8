"""Checks on the text contributors write, before anything is rendered.

The site escapes every string and sanitizes Markdown, but a sanitizer that quietly drops a
contributor's `<b>` or `javascript:` link would publish something other than what was reviewed.
So validation rejects such text first, naming the line: what passes is shown exactly as written.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .policy.registry import Rule, register
from .yamlsafe import escape_pointer

PLACEHOLDER = "FILL IN"

_HTML = re.compile(r"<[A-Za-z/!?]")
_TEMPLATE = re.compile(r"\{\{|\{%|\{#|--8<--|;;;\s*$", re.MULTILINE)
_ATTR_LIST = re.compile(r"\{\s*[:.#]")
_LINK_TARGET = re.compile(r"\]\(\s*<?([^)\s>]*)|<([a-zA-Z][a-zA-Z0-9+.-]*:[^>\s]*)>|\]:\s*<?(\S+)")
_BARE_SCHEME = re.compile(r"\b(?:https?|ftp|javascript|data|vbscript|file):", re.IGNORECASE)
_IMAGE = re.compile(r"!\[")

for _rule in (
    Rule(
        "unsafe-text",
        "Text holds no HTML, template or include syntax, and links only to https.",
        "description: 'Read <a href=\"javascript:alert(1)\">this</a> {{ config }}'",
        "Write plain text; use Markdown links to https:// addresses only.",
        family="content",
    ),
    Rule(
        "single-line",
        "Fields other than descriptions and instructions hold a single line.",
        "name: |\n  Acme\n  CRM",
        "Put the value on one line.",
        family="content",
    ),
    Rule(
        "placeholder",
        f"Scaffolded '{PLACEHOLDER}: …' placeholders are all filled in.",
        f"legal_name: '{PLACEHOLDER}: the company's legal name'",
        "Replace every placeholder with the real value.",
        family="content",
    ),
):
    register(_rule)


@dataclass(frozen=True)
class TextFinding:
    pointer: str
    rule: str
    message: str
    hint: str


def iter_strings(value: Any, pointer: str = "", key: str = "") -> Iterator[tuple[str, str, str]]:
    """Yield `(pointer, field name, text)` for every string in a loaded document, keys included."""
    if isinstance(value, str):
        yield pointer, key, value
    elif isinstance(value, dict):
        for child_key, child in value.items():
            child_pointer = f"{pointer}/{escape_pointer(str(child_key))}"
            yield child_pointer, "(key)", str(child_key)
            yield from iter_strings(child, child_pointer, str(child_key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from iter_strings(child, f"{pointer}/{index}", key)


def check_text(data: Any, markdown_fields: frozenset[str]) -> list[TextFinding]:
    """Every unsafe, multi-line or placeholder string in `data`."""
    findings: list[TextFinding] = []
    for pointer, key, text in iter_strings(data):
        if text.startswith(PLACEHOLDER):
            findings.append(
                TextFinding(
                    pointer,
                    "placeholder",
                    f"{_field(pointer)} is still a placeholder",
                    "replace it with the real value: " + text[len(PLACEHOLDER) :].lstrip(": "),
                )
            )
            continue
        rich = key in markdown_fields
        if not rich and ("\n" in text or "\r" in text):
            findings.append(
                TextFinding(
                    pointer,
                    "single-line",
                    f"{_field(pointer)} spans several lines",
                    "put the value on a single line",
                )
            )
        findings.extend(_unsafe(pointer, text, rich))
    return findings


def _unsafe(pointer: str, text: str, rich: bool) -> Iterator[TextFinding]:
    where = _field(pointer)
    if _HTML.search(text):
        yield TextFinding(
            pointer,
            "unsafe-text",
            f"{where} contains HTML markup",
            "remove the tags; write plain text (Markdown emphasis and lists are fine)"
            if rich
            else "remove the angle brackets; write plain text",
        )
    if _TEMPLATE.search(text):
        yield TextFinding(
            pointer,
            "unsafe-text",
            f"{where} contains template or include syntax ({{{{, {{%, {{# or --8<--)",
            "remove it; text is shown as written and never evaluated",
        )
    if not rich:
        return
    if _ATTR_LIST.search(text):
        yield TextFinding(
            pointer,
            "unsafe-text",
            f"{where} contains an attribute list ({{: …}})",
            "remove it; styling is not available in catalog text",
        )
    if _IMAGE.search(text):
        yield TextFinding(
            pointer,
            "unsafe-text",
            f"{where} contains an image",
            "link to the image with an https link instead",
        )
    for match in _LINK_TARGET.finditer(text):
        target = next(group for group in match.groups() if group is not None)
        if target and not target.lower().startswith("https://"):
            yield TextFinding(
                pointer,
                "unsafe-text",
                f'{where} links to "{target[:60]}"',
                "links must be full https:// addresses",
            )
    for match in _BARE_SCHEME.finditer(text):
        if not text[match.start() :].lower().startswith("https:"):
            yield TextFinding(
                pointer,
                "unsafe-text",
                f'{where} contains a "{match.group()}" address',
                "links must be full https:// addresses",
            )


def _field(pointer: str) -> str:
    parts = [p for p in pointer.split("/") if p]
    text = ""
    for part in parts:
        text += f"[{part}]" if part.isdigit() else (f".{part}" if text else part)
    return f'"{text}"' if text else "the text"
