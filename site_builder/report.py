"""Problems as text for people, parsable lines for editors, GitHub annotations, or JSON.

The only module that formats problems; everything before it passes them as data.  A problem can
quote what a contributor wrote, a file name included, and a terminal or a CI log acts on control
characters: an ESC sequence can erase or rewrite the lines above it, a carriage return can hide
a line behind another.  So every text written here shows such characters as escapes (`\x1b`,
`\u202e`) instead of sending them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace
from itertools import groupby

from .jsonout import dumps
from .problems import Level, Problem, Report

FORMATS = ("text", "parsable", "github", "json")

# Controls (newlines too: one problem is one line), and what hides or reorders text on screen.
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"
    "\U000e0000-\U000e0fff]"
)


# json.dumps escapes C0 controls in strings itself; the newlines left are its own layout.
_UNSAFE_IN_JSON = re.compile(_UNSAFE.pattern.replace("\x00-\x1f", "", 1))


def escape_terminal(text: str, keep: str = "") -> str:
    """`text` with every control, bidi or invisible character written as a visible escape,
    except the characters in `keep` (which the caller escapes its own way)."""
    if text.isprintable() and text.isascii():
        return text
    return _UNSAFE.sub(lambda match: match.group() if match.group() in keep else _escape(match), text)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else (f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")


def _safe(problems: Sequence[Problem], keep: str = "") -> list[Problem]:
    return [
        replace(
            p,
            file=escape_terminal(p.file, keep),
            message=escape_terminal(p.message, keep),
            rule=escape_terminal(p.rule, keep),
            hint=escape_terminal(p.hint, keep),
        )
        for p in problems
    ]


def _counts(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    files = len({p.file for p in report.problems})
    if not errors and not warnings:
        return f"No problems in {report.files_checked} file{'s' if report.files_checked != 1 else ''}."
    parts = [
        f"{errors} error{'s' if errors != 1 else ''}",
        f"{warnings} warning{'s' if warnings != 1 else ''}",
    ]
    return f"{', '.join(parts)} in {files} of {report.files_checked} files."


def format_text(report: Report, color: bool = False) -> str:
    """Grouped by file, with a hint under each problem (yamllint's `standard` layout)."""

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    lines: list[str] = []
    for file, problems in groupby(_safe(report.sorted()), key=lambda p: p.file):
        lines.append(paint(file, "4"))
        for problem in problems:
            where = f"{problem.line}:{problem.column}" if problem.line else "-"
            level = paint(f"{problem.level.value:<7}", "31" if problem.is_error else "33")
            lines.append(f"  {where:<8} {level}  {problem.message}  ({problem.rule})")
            if problem.hint:
                lines.append(f"  {'':<8} {'':<7}  → {problem.hint}")
        lines.append("")
    lines.append(_counts(report))
    return "\n".join(lines)


def format_parsable(report: Report) -> str:
    return "\n".join(
        f"{p.file}:{p.line}:{p.column}: [{p.level.value}] {p.message} ({p.rule})"
        for p in _safe(report.sorted())
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report) -> str:
    """Workflow commands: one annotation per problem, grouped per file."""
    lines: list[str] = []
    # Line breaks get GitHub's own escapes (%0A), so a file property still names the real file.
    for file, problems in groupby(_safe(report.sorted(), keep="\r\n"), key=lambda p: p.file):
        lines.append(f"::group::{_escape_data(file)}")
        for p in problems:
            command = "error" if p.level is Level.ERROR else "warning"
            props = [f"file={_escape_property(p.file)}"]
            if p.line:
                props += [f"line={p.line}", f"col={p.column}"]
            props.append(f"title={_escape_property(p.rule)}")
            message = p.message + (f" — {p.hint}" if p.hint else "")
            lines.append(f"::{command} {','.join(props)}::{_escape_data(message)}")
        lines.append("::endgroup::")
    lines.append(_counts(report))
    return "\n".join(lines)


def as_dicts(problems: Sequence[Problem]) -> list[dict[str, object]]:
    return [
        {
            "file": p.file,
            "line": p.line,
            "column": p.column,
            "level": p.level.value,
            "rule": p.rule,
            "message": p.message,
            "pointer": p.pointer,
            "hint": p.hint,
        }
        for p in problems
    ]


def format_json(report: Report) -> str:
    """JSON keeps the text exactly (a parser reads the escapes back); characters that would act
    on a terminal showing the JSON are written as JSON escapes."""
    text = dumps(as_dicts(report.sorted()), pretty=True, sort_keys=False)  # fields in reading order
    return _UNSAFE_IN_JSON.sub(
        lambda m: f"\\u{ord(m.group()):04x}" if ord(m.group()) < 0x10000 else _pair(m.group()), text
    )


def _pair(char: str) -> str:
    """A character beyond the BMP as a JSON surrogate pair."""
    code = ord(char) - 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "parsable": format_parsable,
    "github": format_github,
    "json": format_json,
}
