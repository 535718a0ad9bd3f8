"""Every question the project asks git, through one function with one environment and one timeout.

The repository is always named by `-C root`, never by the environment: every `GIT_*` variable is
dropped, so a `GIT_DIR`, `GIT_INDEX_FILE` or `GIT_CONFIG_*` left by a hook, a CI step or an
attacker cannot point a check at another repository or add configuration.  Git never waits on a
prompt or a pager, takes no optional locks (a build never rewrites the index behind an editor),
runs no file-system monitor, and reads path names literally (a file named "*.yaml" is not a
pattern).  A git that hangs is stopped after `TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import os
import signal
import subprocess
from collections.abc import Sequence
from pathlib import Path

TIMEOUT_SECONDS = 120
_OPTIONS = ("--no-pager", "--literal-pathspecs", "-c", "core.fsmonitor=false")


class GitError(Exception):
    """Git could not answer: not installed, timed out, or failed (the message says which)."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing  # git itself is not installed


def environment() -> dict[str, str]:
    """The process environment without any GIT_* variable, plus the settings git runs under."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update({"GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "GIT_PAGER": "cat"})
    return env


def run(root: Path, *args: str, stdin: bytes | None = None, timeout: float = TIMEOUT_SECONDS) -> bytes:
    """Git's standard output for `git -C root ARGS`; raise GitError unless it succeeds."""
    command = ["git", *_OPTIONS, "-C", str(root), *args]
    try:
        # Its own process group, so that a timeout also stops anything git started (a helper
        # holding the pipes open would otherwise keep this waiting).
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE if stdin is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment(),
            start_new_session=True,
        )
    except FileNotFoundError:
        raise GitError("git is not installed", missing=True) from None
    except OSError as exc:
        raise GitError(f"git could not be started ({exc.strerror})") from None
    with process:
        try:
            stdout, stderr = process.communicate(stdin, timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(process)
            raise GitError(f"git {args[0]} did not answer within {timeout:g} seconds") from None
        except BaseException:  # Ctrl-C: git, in its own session, would not hear it
            _stop(process)
            raise
    if process.returncode != 0:
        lines = stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {lines[-1] if lines else f'exit code {process.returncode}'}")
    return stdout


def _stop(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.communicate()


def answer(root: Path, *args: str) -> bytes | None:
    """Git's output, or None when git cannot answer: for facts a build can do without."""
    try:
        return run(root, *args)
    except GitError:
        return None


def read_objects(root: Path, names: Sequence[str]) -> list[bytes | None]:
    """The contents of the blobs `names` ("<sha>" or "<rev>:<path>"), in order, from one
    `git cat-file --batch`; None for a name that is missing or not a blob.  Raises GitError."""
    if not names:
        return []
    if any("\n" in name for name in names):
        raise GitError("an object name cannot contain a line break")
    out = run(root, "cat-file", "--batch", stdin="".join(f"{name}\n" for name in names).encode())
    found: list[bytes | None] = []
    position = 0
    for _ in names:
        end = out.index(b"\n", position)
        header = out[position:end].split()
        position = end + 1
        if len(header) == 3 and header[2].isdigit():  # "<sha> <type> <size>", then the content
            size = int(header[2])
            found.append(out[position : position + size] if header[1] == b"blob" else None)
            position += size + 1  # the content is followed by a newline
        else:  # "<name> missing" or "<name> ambiguous": no content follows
            found.append(None)
    return found
