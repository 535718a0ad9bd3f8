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
from typing import TYPE_CHECKING

from .fixtext import describe
from .jsonout import dumps
from .problems import Fix, FixKind, Level, Problem, Report

if TYPE_CHECKING:
    from .fixing import FixRun

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
            if problem.fix is not None:
                lines += [f"  {'':<8} {'':<7}      {line}" for line in _fix_lines(problem.fix, problem.file)]
        lines.append("")
    lines.append(_counts(report))
    offer = fix_offer(report.problems)
    if offer:
        lines.append(offer)
    return "\n".join(lines)


def _fix_lines(fix: Fix, file: str) -> list[str]:
    return [escape_terminal(line) for line in describe(fix, file)]


def fix_offer(problems: Sequence[Problem]) -> str:
    """What `catalog fix` would do for these problems, in one sentence (empty when nothing)."""
    kinds = [p.fix.kind for p in problems if p.fix is not None]
    if not kinds:
        return ""
    corrections = kinds.count(FixKind.CORRECTION)
    suggestions = kinds.count(FixKind.SUGGESTION)
    commitments = kinds.count(FixKind.COMMITMENT)
    parts = []
    if corrections:
        parts.append(f"`catalog fix` can make {corrections} correction{'s' if corrections != 1 else ''}")
    if suggestions:
        parts.append(f'`catalog fix --with-suggestions` also takes the {suggestions} "did you mean"')
    if commitments:
        parts.append(
            f"`catalog fix --with-commitments` also writes the {commitments} term{'s' if commitments != 1 else ''}"
            " shown (only if your company or the signed contract agrees)"
        )
    return "; ".join(parts) + "."


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
            if p.fix is not None:
                message += "\n" + "\n".join(escape_terminal(line, "\n") for line in describe(p.fix, p.file))
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
            "fix": fix_dict(p.fix) if p.fix is not None else None,
        }
        for p in problems
    ]


def fix_dict(fix: Fix) -> dict[str, object]:
    """A fix as JSON: its kind and its changes (JSON Patch's op/path/value, with this project's
    ops: set, add, remove, rename, and the whole-file delete-text, rename-file, clear-executable)."""
    return {
        "kind": fix.kind.value,
        "changes": [
            {
                "op": c.op,
                "path": c.path,
                **({} if c.op in {"remove", "clear-executable"} else {"value": c.value}),
            }
            for c in fix.changes
        ],
    }


def format_json(report: Report) -> str:
    """JSON keeps the text exactly (a parser reads the escapes back); characters that would act
    on a terminal showing the JSON are written as JSON escapes."""
    return _json_safe(
        dumps(as_dicts(report.sorted()), pretty=True, sort_keys=False)
    )  # fields in reading order


def _json_safe(text: str) -> str:
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


def format_fix_run(run: FixRun, color: bool = False) -> str:
    """What `catalog fix` did (or would do) per finding, what is left to a person, and a count."""

    def paint(text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if color else text

    lines: list[str] = []
    done = "would fix" if run.dry_run else "fixed"
    outcomes = sorted(run.outcomes, key=lambda o: o.problem)
    for file, group in groupby(outcomes, key=lambda o: o.problem.file):
        lines.append(paint(escape_terminal(file), "4"))
        for outcome in group:
            problem = _safe([outcome.problem])[0]
            where = f"{problem.line}:{problem.column}" if problem.line else "-"
            status = paint(f"{done if outcome.applied else 'left':<9}", "32" if outcome.applied else "33")
            lines.append(f"  {where:<8} {status} {problem.message}  ({problem.rule})")
            if outcome.applied and outcome.problem.fix is not None:
                lines += [f"  {'':<8} {'':<9}   {line}" for line in _fix_lines(outcome.problem.fix, file)]
            if outcome.reason:
                lines.append(f"  {'':<8} {'':<9} → {escape_terminal(outcome.reason)}")
        lines.append("")
    if run.dry_run:
        lines += [escape_terminal(diff, "\n") for diff in run.diffs.values()]
    handled = {(o.problem.file, o.problem.rule, o.problem.pointer, o.problem.message) for o in run.outcomes}
    left = Report(
        [p for p in run.remaining.problems if (p.file, p.rule, p.pointer, p.message) not in handled],
        run.remaining.files_checked,
    )
    if left.problems:
        lines.append("Still needs a person:" if not run.dry_run else "Needs a person either way:")
        lines.append(format_text(without_fixes(left), color).rsplit("\n", 1)[0])
    fixed = len(run.applied)
    files = len(run.diffs)
    verb = "Would fix" if run.dry_run else "Fixed"
    remaining = run.remaining
    lines.append(
        f"{verb} {fixed} finding{'s' if fixed != 1 else ''} in {files} file{'s' if files != 1 else ''}; "
        f"{len(remaining.errors)} error{'s' if len(remaining.errors) != 1 else ''} and "
        f"{len(remaining.warnings)} warning{'s' if len(remaining.warnings) != 1 else ''} "
        + (
            "remain before these fixes."
            if run.dry_run
            else "remain (run `catalog validate` to see them all)."
        )
    )
    return "\n".join(lines)


def without_fixes(report: Report) -> Report:
    """The report without the fixes it offers: a finding left to a person is shown alone."""
    return Report([replace(p, fix=None) for p in report.problems], report.files_checked)


def format_fix_json(run: FixRun) -> str:
    return _json_safe(
        dumps(
            {
                "dry_run": run.dry_run,
                "outcomes": [
                    {**as_dicts([o.problem])[0], "applied": o.applied, "reason": o.reason}
                    for o in run.outcomes
                ],
                "remaining": as_dicts(run.remaining.sorted()),
                "diffs": run.diffs,
            },
            pretty=True,
            sort_keys=False,
        )
    )
