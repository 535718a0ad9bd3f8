"""A hardened YAML loader for contributor-written files.

PyYAML's `safe_load` silently keeps the last of two duplicate keys, expands alias bombs, honours
`!!binary` and merge keys, and turns `NO` into False, `012` into 10 and dates into date objects.
This loader reads libyaml's event stream (C speed) and builds plain JSON values itself:

* anchors, aliases, merge keys, tags, non-string keys, several documents: rejected, never expanded;
* duplicate keys: rejected, naming both lines;
* plain scalars resolve by a small strict rule set (`true`/`false`, `null`/`~`/empty, decimal
  integers without leading zeros, simple decimals); everything else stays the string it looks like;
* size and nesting are bounded; control, zero-width and bidi-override characters are rejected.

Every problem carries the 1-based line and column where it starts.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import islice
from typing import Any

import yaml

from .hidden import describe_character, find_invisible, has_hidden, hidden_characters
from .problems import Change, Fix, Level, Problem

__all__ = ["describe_character", "find_invisible"]  # used by the scaffold and the benchmarks

MAX_FILE_BYTES = 256 * 1024
MAX_DEPTH = 24

_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

# Bounds on what one document may hold, checked while it is read, before any schema or text check
# runs: the schemas allow far less (at most 60 items in a list), so only a hostile or broken file
# meets them, and everything after the loader can then afford to look at every value.
MAX_ITEMS = 1_000  # items in one list
MAX_KEYS = 200  # keys in one mapping
MAX_NODES = 20_000  # values (scalars, lists and mappings) in the whole document
MAX_PROBLEMS = 50  # problems reported for one file before the loader stops reading it

_INT = re.compile(r"-?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(0|[1-9][0-9]*)\.[0-9]+")
# Plain scalars starting with anything else are text: most keys and values skip the resolving.
_RESOLVABLE_START = frozenset("~ntf-0123456789")
_NUMBER_START = frozenset("-0123456789")
# The only words that are not text; a key or value such as `name` or `fedramp` is looked up
# here instead of going through the number patterns.
_WORDS: dict[str, Any] = {"~": None, "null": None, "true": True, "false": False}


@dataclass(frozen=True)
class Mark:
    line: int  # 1-based
    column: int  # 1-based


def resolve_plain(value: str) -> Any:
    """Resolve an unquoted scalar by the catalog's strict rules (see module docstring)."""
    if not value:
        return None
    if value[0] not in _NUMBER_START:
        return _WORDS.get(value, value)
    if _INT.fullmatch(value):
        return int(value)
    if _FLOAT.fullmatch(value):
        return float(value)
    return value


def decode(raw: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Check size and encoding; return the text or the problems that prevent reading it."""
    if len(raw) > MAX_FILE_BYTES:
        return None, [
            _problem(
                file,
                0,
                0,
                "file-size",
                f"the file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}",
                "split long text or move attachments to a linked document",
            )
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [
            _problem(
                file,
                line,
                column,
                "encoding",
                f"the file is not valid UTF-8 (byte 0x{raw[exc.start]:02x})",
                "save the file as UTF-8",
            )
        ]
    return text, []


def load(
    text: str, file: str, marks: dict[str, Mark] | None = None, *, allowed_tags: frozenset[str] = frozenset()
) -> tuple[Any, list[Problem]]:
    """Parse one YAML document into plain values.

    Returns `(data, problems)`; `data` is None when the document could not be read.  When `marks`
    is given, it is filled with the position of every value, keyed by JSON pointer (a mapping
    member is located at its key).  `allowed_tags` lets a configuration file keep the tags its
    own reader documents (the value is then read as if untagged); catalog files allow none.
    """
    problems = [
        Problem(
            file,
            line,
            column,
            Level.ERROR,
            "invisible-character",
            f"the text contains {describe_character(char, column)}",
            hint="delete it: retype the text around this position instead of pasting it",
            fix=Fix((Change("delete-text", "", {"line": line, "column": column, "text": char}),)),
        )
        for line, column, char in islice(find_invisible(text), MAX_PROBLEMS)
    ]
    if problems:
        return None, problems
    builder = _Builder(file, marks, allowed_tags)
    parser = _Loader(text)  # what yaml.parse does, without a generator between parser and builder
    try:
        builder.run(parser.get_event)
    except yaml.MarkedYAMLError as exc:
        line, column, what, hint = explain_syntax_error(text, exc)
        return None, [*builder.problems, _problem(file, line, column, "yaml-syntax", what, hint)]
    except yaml.YAMLError as exc:  # reader errors carry no mark
        return None, [
            *builder.problems,
            _problem(file, 0, 0, "yaml-syntax", f"YAML error: {exc}", "save the file as plain UTF-8 YAML"),
        ]
    finally:
        parser.dispose()
    if builder.problems:
        return None, builder.problems
    return builder.result, []


def explain_syntax_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[int, int, str, str]:
    """(line, column, message, hint) for libyaml's error, in a contributor's words, at the place
    to fix: a missing colon is where the field starts (libyaml stops a line later, when the next
    one begins), a tab is named as a tab, an unclosed quote or bracket where it opens."""
    problem, context = exc.problem or "", exc.context or ""
    at, opened = exc.problem_mark, exc.context_mark
    line, column = (at.line + 1, at.column + 1) if at else (0, 0)
    lines = text.splitlines()
    found = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    if found == "\t" or "tab character" in problem:
        tab = lines[line - 1].find("\t") + 1 if 0 < line <= len(lines) else 0
        return (
            line,
            tab or column,
            f"YAML syntax error: a tab character at line {line}, column {tab or column}; YAML indents with spaces only",
            "replace the tab with spaces: two per level, lined up with the fields around it",
        )
    if "could not find expected ':'" in problem and opened is not None:
        start, begin = opened.line + 1, opened.column + 1
        shown = lines[start - 1].strip() if start <= len(lines) else ""
        return (
            start,
            begin,
            f'YAML syntax error: line {start} ("{_clip(shown)}") has no colon after its field name',
            "write it as `field: value`, with a colon and a space after the name",
        )
    if "while scanning a quoted scalar" in context and opened is not None:
        start, begin = opened.line + 1, opened.column + 1
        return (
            start,
            begin,
            f"YAML syntax error: the quote opened at line {start}, column {begin} is never closed",
            "end the text with the same quote mark it starts with",
        )
    if "mapping values are not allowed" in problem:
        return (
            line,
            column,
            "YAML syntax error: a second `: ` in one line",
            'put the value in double quotes ("…") when it contains a colon followed by a space',
        )
    if "while parsing a flow" in context and opened is not None:
        start, begin = opened.line + 1, opened.column + 1
        what = "list" if "sequence" in context else "mapping"
        return (
            start,
            begin,
            (
                f"YAML syntax error: the {what} opened at line {start}, column {begin} is not closed, "
                f"or an item lacks its comma (libyaml: {problem}, at line {line}, column {column})"
            ),
            "separate the items with commas and close it with " + ("]" if what == "list" else "}"),
        )
    what = problem or context or "the file is not valid YAML"
    return (
        line,
        column,
        f"YAML syntax error: {what}",
        "check indentation and quoting on this line and the one before",
    )


def _clip(text: str, size: int = 40) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _problem(
    file: str, line: int, column: int, rule: str, message: str, hint: str, pointer: str = ""
) -> Problem:
    return Problem(file, line, column, Level.ERROR, rule, message, pointer=pointer, hint=hint)


def _mark(event: Any) -> Mark:
    return Mark(event.start_mark.line + 1, event.start_mark.column + 1)


def escape_pointer(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


class _Builder:
    """Builds values from parser events, one container per stack frame."""

    def __init__(
        self, file: str, marks: dict[str, Mark] | None, allowed_tags: frozenset[str] = frozenset()
    ) -> None:
        self.file = file
        self.marks = marks
        self.allowed_tags = allowed_tags
        self.problems: list[Problem] = []
        self.fatal = False
        self.result: Any = None
        self.documents = 0
        self.nodes = 0
        # Each frame: [container, pending key or None, key mark, pointer, key lines, start event]
        self.stack: list[list[Any]] = []

    def _fail(self, event: Any, rule: str, message: str, hint: str, *, fatal: bool = False) -> None:
        mark = _mark(event)
        self.problems.append(_problem(self.file, mark.line, mark.column, rule, message, hint))
        self.fatal = self.fatal or fatal or len(self.problems) >= MAX_PROBLEMS

    def _too_large(self, event: Any, what: str) -> None:
        self._fail(
            event,
            "yaml-size",
            f"{what}, more than a catalog file may hold",
            "no field takes that many values: the schema's limits are far lower (see the field's"
            " description); remove what does not belong in this entry",
            fatal=True,
        )

    def _count(self, event: Any) -> None:
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._too_large(event, f"the file holds more than {MAX_NODES:,} values")

    def run(self, next_event: Callable[[], Any]) -> None:
        """Build from every event until the stream ends or a problem stops the reading.

        This is the hot path of validation: a catalog file is mostly plain values, keys and the
        ends of mappings and lists inside a mapping or list.  Those are handled here in line,
        with exactly the effect `scalar` and `feed` would have; anything else (anchors, tags,
        double-quoted text, limits reached, a value in a key's place, the first and last
        events, and every event when marks are recorded) goes through them.
        """
        scalar_event, mapping_start = yaml.ScalarEvent, yaml.MappingStartEvent
        sequence_start, ends = yaml.SequenceStartEvent, (yaml.MappingEndEvent, yaml.SequenceEndEvent)
        stack = self.stack
        resolvable = _RESOLVABLE_START
        fast = self.marks is None
        while (event := next_event()) is not None:
            kind = type(event)
            if fast and stack:
                if kind is scalar_event:
                    if event.anchor is None and event.tag is None and self.nodes < MAX_NODES:
                        value = event.value
                        plain = event.implicit[0]
                        if plain and (not value or value[0] in resolvable):
                            value = resolve_plain(value)
                        if plain or event.style != '"':  # escapes need the check in `scalar`
                            frame = stack[-1]
                            container = frame[0]
                            if type(container) is list:
                                if len(container) < MAX_ITEMS:
                                    self.nodes += 1
                                    container.append(value)
                                    continue
                            elif frame[1] is not None:  # the value of a mapping member
                                self.nodes += 1
                                key = frame[1]
                                if key not in container:
                                    container[key] = value
                                frame[1] = None
                                continue
                            elif type(value) is str and not (plain and value == "<<"):  # a key
                                lines = frame[4]
                                if value not in lines and len(lines) < MAX_KEYS:
                                    self.nodes += 1
                                    lines[value] = event.start_mark
                                    frame[1] = value
                                    continue
                elif kind in ends:
                    container = stack.pop()[0]
                    if stack:
                        frame = stack[-1]
                        parent = frame[0]
                        if type(parent) is dict:
                            key = frame[1]
                            if key not in parent:
                                parent[key] = container
                            frame[1] = None
                        else:
                            parent.append(container)
                    else:
                        self.result = container
                    continue
                elif (
                    (kind is mapping_start or kind is sequence_start)
                    and event.anchor is None
                    and event.tag is None
                    and self.nodes < MAX_NODES
                    and len(stack) < MAX_DEPTH
                ):
                    frame = stack[-1]
                    parent = frame[0]
                    if frame[1] is not None if type(parent) is dict else len(parent) < MAX_ITEMS:
                        self.nodes += 1
                        stack.append([{} if kind is mapping_start else [], None, None, "", {}, event])
                        continue
            if kind is scalar_event:
                self.scalar(event)
            else:
                self.feed(event)
            if self.fatal:
                break

    def feed(self, event: Any) -> None:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            self.scalar(event)
        elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self._check_node(event)
            self._count(event)
            if self.fatal:
                return
            if len(self.stack) >= MAX_DEPTH:
                self._fail(
                    event,
                    "yaml-nesting",
                    f"the data is nested more than {MAX_DEPTH} levels deep",
                    "flatten the structure; catalog entries need only a few levels",
                    fatal=True,
                )
                return
            if self._is_key_position():
                self._fail(
                    event,
                    "yaml-key-type",
                    "a key must be a plain name, not a list or mapping",
                    "write the key as a simple word",
                    fatal=True,
                )
                return
            container: Any = {} if kind is yaml.MappingStartEvent else []
            pointer = ""
            if self.marks is not None:  # pointers only serve the marks
                pointer = self._child_pointer()
                self._record(pointer, event)
            if self.stack and type(self.stack[-1][0]) is list:
                self._check_length(self.stack[-1])
            self.stack.append([container, None, None, pointer, {}, event])
        elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            container = self.stack.pop()[0]
            self._attach(container, event)
        elif kind is yaml.AliasEvent:
            self._fail(
                event,
                "yaml-alias",
                f"aliases (*{event.anchor}) are not allowed",
                "write the value out in full instead of referring to an anchor",
            )
            self._attach(None, event)
        elif kind is yaml.DocumentStartEvent:
            self.documents += 1
            if self.documents > 1:
                self._fail(
                    event,
                    "yaml-syntax",
                    "a file may hold only one YAML document",
                    "remove the `---` line and everything after it, or split the file",
                    fatal=True,
                )

    def _check_node(self, event: Any) -> None:
        if event.anchor is not None:
            self._fail(
                event,
                "yaml-alias",
                f"anchors (&{event.anchor}) are not allowed",
                "write each value out in full",
            )
        if (
            event.tag is not None
            and not (event.tag == "!" and type(event) is yaml.ScalarEvent)
            and event.tag not in self.allowed_tags
        ):
            self._fail(
                event,
                "yaml-tag",
                f"YAML tags ({event.tag}) are not allowed",
                "remove the tag; quote the value if it should be text",
            )

    def _is_key_position(self) -> bool:
        if not self.stack:
            return False
        frame = self.stack[-1]
        return isinstance(frame[0], dict) and frame[1] is None

    def _child_pointer(self) -> str:
        if not self.stack:
            return ""
        container, key, _key_mark, pointer, _key_lines, _start = self.stack[-1]
        if isinstance(container, dict):
            return f"{pointer}/{escape_pointer(str(key))}"
        return f"{pointer}/{len(container)}"

    def _record(self, pointer: str, event: Any) -> None:
        if self.marks is None:
            return
        if self.stack and isinstance(self.stack[-1][0], dict):
            self.marks[pointer] = self.stack[-1][2]  # a member is located at its key
        else:
            self.marks[pointer] = _mark(event)

    def scalar(self, event: Any) -> None:
        # The hot path of loading: most events are scalars, so the checks are inlined here.
        if event.anchor is not None or event.tag is not None:
            self._check_node(event)
        value: Any = event.value
        if event.tag is None and event.implicit[0]:
            value = resolve_plain(value)
        elif event.style == '"' and has_hidden(value):
            # Escapes such as "\u202e" or "\x1b" put characters in a value that the raw text
            # never shows, so double-quoted values are checked once more after unescaping.
            for offset, char in islice(hidden_characters(value), 1):
                self._fail(
                    event,
                    "invisible-character",
                    f"the quoted text contains an escaped {describe_character(char)}"
                    f" (character {offset + 1} of the value)",
                    "remove the escape sequence; write the text itself",
                )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            self._count(event)
            return
        stack = self.stack
        if not stack:
            if self.marks is not None:
                self._record(self._child_pointer(), event)
            self.result = value
            return
        frame = stack[-1]
        container = frame[0]
        if type(container) is not dict:  # containers are made here: exactly dict or list
            if len(container) >= MAX_ITEMS:
                self._check_length(frame)
                return
            if self.marks is not None:
                self._record(self._child_pointer(), event)
            container.append(value)
            return
        if frame[1] is not None:  # the value of a mapping member
            if self.marks is not None:
                self._record(self._child_pointer(), event)
            key = frame[1]
            if key not in container:  # a duplicate keeps the first value; it is an error anyway
                container[key] = value
            frame[1] = None
            return
        self._key(event, value, frame)

    def _key(self, event: Any, value: Any, frame: list[Any]) -> None:
        if event.implicit[0] and event.value == "<<":
            self._fail(
                event, "yaml-alias", "merge keys (<<) are not allowed", "write every field out in full"
            )
            value = "<<"
        elif not isinstance(value, str):
            self._fail(
                event,
                "yaml-key-type",
                f"the key {event.value!r} is not a name",
                "quote the key or rename it",
            )
            value = str(event.value)
        lines: dict[str, Any] = frame[4]  # key → the start mark of its first occurrence
        if len(lines) >= MAX_KEYS:
            self._too_large(frame[5], f"the mapping has more than {MAX_KEYS:,} keys")
            return
        if value in lines:
            self._fail(
                event,
                "yaml-duplicate-key",
                f'the key "{value}" appears twice (first on line {lines[value].line + 1})',
                "keep one of the two; YAML would silently use only the last",
            )
        else:
            lines[value] = event.start_mark
        frame[1] = value
        frame[2] = _mark(event) if self.marks is not None else None  # a member's mark is its key's

    def _check_length(self, frame: list[Any]) -> None:
        if len(frame[0]) >= MAX_ITEMS:
            self._too_large(frame[5], f"the list has more than {MAX_ITEMS:,} items")

    def _attach(self, value: Any, event: Any) -> None:
        if not self.stack:
            self.result = value
            return
        frame = self.stack[-1]
        container = frame[0]
        if isinstance(container, dict):
            key = frame[1]
            if key not in container:  # a duplicate keeps the first value; it is an error anyway
                container[key] = value
            frame[1] = None
        else:
            container.append(value)
