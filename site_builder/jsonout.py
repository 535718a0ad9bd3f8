"""The one way the project writes JSON, so the same data always gives the same bytes.

Keys are sorted unless the caller's order is the point (a problem's fields in reading order, say),
and that order is itself fixed by the code, never by a dict filled in a varying order.  Text stays
UTF-8 (`ensure_ascii=False`): names in other scripts stay readable and the open data smaller, and
every reader of these files (browsers, `json.load`, OCDS tools) decodes UTF-8.  JSON put inside an
HTML page goes through `render.markup.json_for_script`, which escapes what HTML would read as markup.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def dumps(
    value: Any, *, pretty: bool = False, sort_keys: bool = True, default: Callable[[Any], Any] | None = None
) -> str:
    """`value` as JSON text: indented by two spaces when `pretty`, else without any spaces."""
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
