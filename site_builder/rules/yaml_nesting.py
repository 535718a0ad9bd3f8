"""Data is nested at most 24 levels deep.

No entry needs deeper nesting, and very deep data makes parsers and checks slow or crash.
Raised while the file is parsed.

FAIL:
    a: {b: {c: {… 30 levels …}}}

PASS:
    a: {b: {c: value}}

Fix: Flatten the structure.
"""

from __future__ import annotations

from ..problems import Level

ID = "yaml-nesting"
LEVEL = Level.ERROR
FAMILY = "yaml"
