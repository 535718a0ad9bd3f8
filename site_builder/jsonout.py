"""The one way the project writes JSON, so the same data always gives the same bytes.

Keys are sorted unless the caller's order is the point (a problem's fields in reading order, say),
and that order is itself fixed by the code, never by a dict filled in a varying order.  Text stays
UTF-8 (`ensure_ascii=False`): names in other scripts stay readable and the open data smaller, and
every reader of these files (browsers, `json.load`, OCDS tools) decodes UTF-8.  JSON put inside an
HTML page goes through `render.markup.json_for_script`, which escapes what HTML would read as markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, BinaryIO

# The encoders `dumps` needs without a `default`, made once: `json.dumps` with any option makes a
# new one per call, and a build serializes hundreds of thousands of small values.
_ENCODERS = {
    (pretty, sort_keys): json.JSONEncoder(
        sort_keys=sort_keys,
        ensure_ascii=False,
        indent=2 if pretty else None,
        separators=None if pretty else (",", ":"),
    )
    for pretty in (False, True)
    for sort_keys in (False, True)
}


def dumps(
    value: Any, *, pretty: bool = False, sort_keys: bool = True, default: Callable[[Any], Any] | None = None
) -> str:
    """`value` as JSON text: indented by two spaces when `pretty`, else without any spaces."""
    if default is None:
        return _ENCODERS[pretty, sort_keys].encode(value)
    if pretty:
        return json.dumps(value, sort_keys=sort_keys, ensure_ascii=False, indent=2, default=default)
    return json.dumps(value, sort_keys=sort_keys, ensure_ascii=False, separators=(",", ":"), default=default)


def json_bytes(value: Any, *, pretty: bool = False, sort_keys: bool = True) -> bytes:
    """`value` as the content of a .json file: UTF-8, ending with a newline."""
    return (dumps(value, pretty=pretty, sort_keys=sort_keys) + "\n").encode("utf-8")


def digest_input(value: Any) -> bytes:
    """The bytes the published ids (OCDS releases, feed entries) are hashed from.

    Never change this form: an id computed differently would make every feed reader see every
    entry as new and OCDS tools treat every release as another.
    """
    return json.dumps(value, sort_keys=True, ensure_ascii=False).encode("utf-8")


class Raw:
    """JSON text already serialized (by `dumps`), written as it is: a record serialized once for
    its own file is put into a larger document without being serialized again."""

    def __init__(self, text: bytes) -> None:
        self.text = text


class Streamed:
    """A list whose items are produced while the document is written, never held together.

    Inside a document given to `write_json`, it is written exactly as `json_bytes` would write the
    list of its items; `count` is the number of items written so far.
    """

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items
        self.count = 0


def write_json(stream: BinaryIO, document: Mapping[str, Any]) -> None:
    """Write `document` as `json_bytes(document)` would (compact, keys sorted, newline at the end),
    with each `Streamed` list in it serialized item by item: the document is never held whole."""
    _write_value(stream, document)
    stream.write(b"\n")


def _write_value(stream: BinaryIO, value: Any) -> None:
    if isinstance(value, Raw):
        stream.write(value.text)
    elif isinstance(value, Streamed):
        stream.write(b"[")
        for item in value.items:
            if value.count:
                stream.write(b",")
            _write_value(stream, item)
            value.count += 1
        stream.write(b"]")
    elif isinstance(value, Mapping) and _holds_streamed(value):
        stream.write(b"{")
        for position, key in enumerate(sorted(value)):
            if position:
                stream.write(b",")
            stream.write(dumps(key).encode("utf-8") + b":")
            _write_value(stream, value[key])
        stream.write(b"}")
    else:
        stream.write(dumps(value).encode("utf-8"))


# Values that are neither a mapping nor a Streamed or Raw: told by their exact type, without an
# abstract-class check (a release of the OCDS package is walked value by value before it is written).
_LEAVES = frozenset({str, int, float, bool, type(None), list, tuple})


def _holds_streamed(value: Mapping[str, Any]) -> bool:
    for item in value.values():
        if type(item) in _LEAVES:
            continue
        if isinstance(item, Streamed | Raw) or (isinstance(item, Mapping) and _holds_streamed(item)):
            return True
    return False


def plain(value: Any) -> Any:
    """`value` with every `Streamed` list in it (at any depth of mappings) made a list, and every
    `Raw` parsed: the document `write_json` writes, for `json_bytes`."""
    if isinstance(value, Streamed):
        return [plain(item) for item in value.items]
    if isinstance(value, Raw):
        return json.loads(value.text)
    if isinstance(value, Mapping) and _holds_streamed(value):
        return {key: plain(item) for key, item in value.items()}
    return value
