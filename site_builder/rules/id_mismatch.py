"""The `id` inside a file equals its file name.

Other entries, waivers and web addresses refer to an entry by the name of its file; an `id` that
says otherwise would make two names for one entry.  Raised after the file is parsed.

FAIL:
    # catalog/vendors/acme.yaml
    id: acme-inc

PASS:
    # catalog/vendors/acme.yaml
    id: acme

Fix: Make the id and the file name the same.
"""

from __future__ import annotations

from ..problems import Level

ID = "id-mismatch"
LEVEL = Level.ERROR
FAMILY = "catalog"
