"""Catalog files are regular, non-executable files: no links, no sub-modules.

A symbolic link would publish whatever file it points at, and git can carry a link, an executable
bit or a sub-module that a checkout hides; the catalog is data, so each of these is refused, as
seen on disk and as git records it.  Raised while the catalog's files are found.

FAIL:
    catalog/vendors/acme.yaml -> /etc/passwd

PASS:
    catalog/vendors/acme.yaml   (a regular file, mode 100644)

Fix: Replace the link with a regular file.
"""

from __future__ import annotations

from ..problems import Level

ID = "file-type"
LEVEL = Level.ERROR
FAMILY = "file"
