"""Every file in catalog/ is a <kinds>/<id>.yaml entry in a known folder.

The file name is the entry's id and its folder is its kind, so a file anywhere else, or named any
other way, would be an entry nobody can refer to, or one the site silently leaves out.  Raised
while the catalog's files are found.

FAIL:
    catalog/solutions/Acme CRM.yml

PASS:
    catalog/solutions/acme-crm.yaml

Fix: Rename to lowercase words joined by hyphens, ending in .yaml, inside vendors/,
contracts/, solutions/ or scenarios/.
"""

from __future__ import annotations

from ..problems import Level

ID = "file-layout"
LEVEL = Level.ERROR
FAMILY = "file"
