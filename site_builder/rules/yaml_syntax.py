"""The file is one well-formed YAML document.

A file that does not parse cannot be checked at all, and a second document in the same file
would be silently ignored by many tools.  Raised while the file is parsed.

FAIL:
    name: [unclosed

PASS:
    name: Acme CRM

Fix: Fix the indentation or quoting at the line named.
"""

from __future__ import annotations

from ..problems import Level

ID = "yaml-syntax"
LEVEL = Level.ERROR
FAMILY = "yaml"
