"""No YAML tags.

Tags ask the reader to build other kinds of values (binary data, objects) than the plain text,
numbers, lists and mappings an entry holds.  Raised while the file is parsed.

FAIL:
    name: !!binary aGVsbG8=

PASS:
    name: "hello"

Fix: Remove the tag; quote the value if it should be text.
"""

from __future__ import annotations

from ..problems import Level

ID = "yaml-tag"
LEVEL = Level.ERROR
FAMILY = "yaml"
