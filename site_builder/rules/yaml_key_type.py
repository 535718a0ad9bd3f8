"""Keys are plain names.

Field names are text; a number, list or null as a key cannot name a field and would be turned
into text differently by different tools.  Raised while the file is parsed.

FAIL:
    1: one

PASS:
    "1": one

Fix: Quote the key or rename it.
"""

from __future__ import annotations

from ..problems import Level

ID = "yaml-key-type"
LEVEL = Level.ERROR
FAMILY = "yaml"
