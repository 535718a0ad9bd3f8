"""No anchors, aliases or merge keys.

An alias makes a value depend on text elsewhere in the file, which reviewers miss, and nested
aliases can blow a small file up to gigabytes ("billion laughs").  Raised while the file is parsed.

FAIL:
    terms: *shared

PASS:
    terms:
      governing_law: {law: US-NY}

Fix: Write every value out in full.
"""

from __future__ import annotations

from ..problems import Level

ID = "yaml-alias"
LEVEL = Level.ERROR
FAMILY = "yaml"
