"""Problems as text for people, parsable lines for editors, GitHub annotations, or JSON.

The only module that formats problems; everything before it passes them as data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import groupby

from .jsonout import dumps
from .problems import Level, Problem, Report

FORMATS = ("text", "parsable", "github", "json")


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
    for file, problems in groupby(report.sorted(), key=lambda p: p.file):
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
        f"{p.file}:{p.line}:{p.column}: [{p.level.value}] {p.message} ({p.rule})" for p in report.sorted()
    )


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(report: Report) -> str:
    """Workflow commands: one annotation per problem, grouped per file."""
    lines: list[str] = []
    for file, problems in groupby(report.sorted(), key=lambda p: p.file):
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
    return dumps(as_dicts(report.sorted()), pretty=True, sort_keys=False)  # fields in reading order


FORMATTERS: dict[str, Callable[[Report], str]] = {
    "text": format_text,
    "parsable": format_parsable,
    "github": format_github,
    "json": format_json,
}
