"""No key appears twice in the same mapping.

YAML keeps only the last of two equal keys, so a reviewer reading the first value would approve
something other than what is published.  Raised while the file is parsed.

FAIL:
    name: A
    name: B

PASS:
    name: B

Fix: Keep one; YAML would silently use only the last.
"""

from __future__ import annotations

from ..problems import Level

ID = "yaml-duplicate-key"
LEVEL = Level.ERROR
FAMILY = "yaml"
