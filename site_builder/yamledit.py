"""Fixes applied to a file's text, keeping everything else as written.

The data is edited through ruamel.yaml's round-trip mode, which keeps comments, key order, quotes,
flow or block style and blank lines. Before any edit the file must come back byte for byte from
an unchanged round trip (with the indentation it uses); a file whose layout the library would
change is refused, so a fix never rewrites lines it is not about.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    PlainScalarString,
)
from ruamel.yaml.util import load_yaml_guess_indent

from . import yamltext
from .fixtext import tokens
from .problems import Change

DATA_OPS = frozenset({"set", "add", "remove", "rename"})
TEXT_OPS = frozenset({"delete-text"})


class EditError(Exception):
    """A change cannot be made as asked; the message says why."""


def apply(text: str, changes: Sequence[Change]) -> str:
    """`text` with `changes` made: text edits first, then data edits, list removals last (from
    the end, so the positions the others name stay true)."""
    for change in changes:
        if change.op in TEXT_OPS:
            text = _delete_text(text, change.value)
    data_changes = [c for c in changes if c.op in DATA_OPS]
    if not data_changes:
        return text
    final_newline = text.endswith("\n")
    yaml, data = _load(text if final_newline else text + "\n")
    removals = sorted(
        (c for c in data_changes if c.op == "remove"), key=lambda c: _sort_key(c.path), reverse=True
    )
    for change in [c for c in data_changes if c.op != "remove"] + removals:
        _apply(data, change)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue() if final_newline else out.getvalue().removesuffix("\n")


def _sort_key(pointer: str) -> list[tuple[int, int | str]]:
    return [(0, int(t)) if t.isdigit() else (1, t) for t in tokens(pointer)]


def _layouts(text: str) -> list[tuple[int, int, int]]:
    """(mapping indent, sequence indent, dash offset) to try, the library's guess first."""
    _, sequence, offset = load_yaml_guess_indent(text)
    guessed = [(sequence - (offset or 0), sequence, offset or 0)] if sequence else []
    common = [(m, o + d, o) for m in (2, 4, 3) for o in (0, 2, 4) for d in (2, m) if o < m + 2]
    return list(dict.fromkeys([*guessed, (2, 4, 2), (2, 2, 0), *common]))


def _load(text: str) -> tuple[YAML, Any]:
    """The round-trip reader and the data, with the first layout that gives the text back."""
    try:
        for mapping, sequence, offset in _layouts(text):
            yaml = YAML(typ="rt")
            yaml.preserve_quotes = True
            yaml.width = 4096  # never wrap a long line
            yaml.indent(mapping=max(mapping, 1), sequence=sequence, offset=offset)
            data = yaml.load(text)
            unchanged = io.StringIO()
            yaml.dump(data, unchanged)
            if unchanged.getvalue() == text:
                break
        else:
            raise EditError(
                "the file is laid out in a way the editor would change elsewhere (mixed indentation "
                "or spacing); make the change by hand, as shown"
            )
    except YAMLError as exc:
        raise EditError(f"the file cannot be read for editing: {exc}") from None
    if not isinstance(data, CommentedMap):
        raise EditError("the file does not hold a mapping of fields")
    return yaml, data


def _delete_text(text: str, where: Any) -> str:
    lines = text.split("\n")
    line, column, char = int(where["line"]), int(where["column"]), str(where["text"])
    if not 0 < line <= len(lines) or lines[line - 1][column - 1 : column - 1 + len(char)] != char:
        raise EditError(f"line {line}, column {column} no longer holds U+{ord(char[0]):04X}")
    lines[line - 1] = lines[line - 1][: column - 1] + lines[line - 1][column - 1 + len(char) :]
    return "\n".join(lines)


def _apply(data: Any, change: Change) -> None:
    parts = tokens(change.path)
    if not parts:
        raise EditError("a change must name a field")
    if change.op == "set":
        parent = _walk(data, parts[:-1], create=True)
        _put(parent, parts[-1], _node(change.value))
    elif change.op == "add":
        parent = _walk(data, parts[:-1], create=True)
        current = _get(parent, parts[-1])
        if current is None:
            seq = CommentedSeq()
            seq.fa.set_flow_style()  # a new list of values on one line, as the catalog writes them
            _put(parent, parts[-1], seq)
            current = seq
        if not isinstance(current, list):
            raise EditError(f"{change.path} is not a list")
        current.append(_node(change.value))
    elif change.op == "remove":
        parent = _walk(data, parts[:-1], create=False)
        _delete(parent, parts[-1])
        _prune(data, parts[:-1])
    elif change.op == "rename":
        parent = _walk(data, parts[:-1], create=False)
        _rename(parent, parts[-1], str(change.value))


def _walk(data: Any, parts: Iterable[str], *, create: bool) -> Any:
    node = data
    for part in parts:
        child = _get(node, part)
        if child is None:
            if not create or not isinstance(node, dict):
                raise EditError(f"there is no {part} to change")
            child = CommentedMap()
            node[part] = child
        node = child
    if not isinstance(node, dict | list):
        raise EditError("a value stands where a field is to go")
    return node


def _get(node: Any, part: str) -> Any:
    if isinstance(node, list):
        return node[int(part)] if part.isdigit() and int(part) < len(node) else None
    if isinstance(node, dict):
        return node.get(part)
    return None


def _put(node: Any, part: str, value: Any) -> None:
    old = node.get(part) if isinstance(node, dict) else None
    if isinstance(old, LiteralScalarString | FoldedScalarString) and type(value) is str and "\n" not in value:
        # The library would keep the block style of the text replaced; one line reads plain.
        value = PlainScalarString(value) if yamltext.plain_ok(value) else DoubleQuotedScalarString(value)
    if isinstance(node, list):
        if not part.isdigit() or int(part) >= len(node):
            raise EditError(f"the list has no item {part}")
        node[int(part)] = value
    else:
        node[part] = value


def _delete(node: Any, part: str) -> None:
    if isinstance(node, list) and part.isdigit() and int(part) < len(node):
        del node[int(part)]
    elif isinstance(node, dict) and part in node:
        del node[part]
    else:
        raise EditError(f"there is no {part} to remove")


def _prune(data: Any, parts: list[str]) -> None:
    """Remove the mappings and lists a removal left empty, from the deepest up (not the file)."""
    while parts:
        node = _walk(data, parts, create=False)
        if node:
            return
        _delete(_walk(data, parts[:-1], create=False), parts[-1])
        parts = parts[:-1]


def _rename(node: Any, old: str, new: str) -> None:
    if not isinstance(node, CommentedMap) or old not in node:
        raise EditError(f"there is no {old} to rename")
    if new in node:
        raise EditError(f"{new} is there already")
    position = list(node).index(old)
    comment = node.ca.items.pop(old, None)
    node.insert(position, new, node.pop(old))
    if comment is not None:
        node.ca.items[new] = comment


def _node(value: Any) -> Any:
    """A value as ruamel writes it in the catalog's style: text the catalog's loader or a YAML 1.1
    reader could take for something else in double quotes (the library quotes what YAML 1.2
    would misread), mappings and lists of mappings as blocks, lists of values in flow style."""
    if isinstance(value, dict):
        block = CommentedMap()
        for key, item in value.items():
            block[key] = _node(item)
        return block
    if isinstance(value, list):
        seq = CommentedSeq(_node(item) for item in value)
        if not any(isinstance(item, dict) for item in value):
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and not yamltext.plain_ok(value):
        return DoubleQuotedScalarString(value)
    return value
