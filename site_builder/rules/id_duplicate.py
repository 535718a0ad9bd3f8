"""Ids are unique, also ignoring case and Unicode look-alike forms.

Two entries of a kind whose ids differ only in case or by a look-alike letter would share a web
address on some systems and be mistaken for each other everywhere else.  Raised once every file
is read.

FAIL:
    catalog/vendors/acme.yaml and catalog/vendors/аcme.yaml   # the second "а" is Cyrillic

PASS:
    catalog/vendors/acme.yaml and catalog/solutions/acme.yaml   # different kinds may share an id

Fix: Rename one of the entries.
"""

from __future__ import annotations

from ..problems import Level

ID = "id-duplicate"
LEVEL = Level.ERROR
FAMILY = "catalog"
