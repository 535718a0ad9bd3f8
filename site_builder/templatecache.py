"""Compiled Jinja templates kept in the project's cache folder, so a build does not compile the
theme's and the project's templates again (about 60 of them, half a second of every build).

A compiled template is believed only if it was compiled from the same template text (Jinja
checks a checksum of the source) by the same Jinja and Python (Jinja checks its own format and
Python's version), in an environment that compiles the same way: the fingerprint in the file's
name covers the environment's syntax and options, its extensions, and the filters and tests the
compiler looks up — with the code of the packages they come from, since the compiler folds
constant expressions by calling filters. Files go through `cachefile.py`, so a compiled template
copied, committed or checked out from elsewhere is never loaded: only what this machine wrote.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket, BytecodeCache
from jinja2.utils import _PassArg

from . import cachefile

_FORMAT = "catalog-template-1"
_FOLDER = "templates"
# The environment's settings that change what a template compiles to.
_OPTIONS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "sandboxed",
)


class ProjectBytecodeCache(BytecodeCache):
    """Jinja's bytecode cache over the project's cache folder, for one environment."""

    def __init__(self, root: Path, env: jinja2.Environment) -> None:
        self.root = root
        self.env = env
        self.fingerprint = fingerprint(env)

    def get_cache_key(self, name: str, filename: str | None = None) -> str:
        # Autoescaping may be chosen per template name; it changes the compiled code.
        autoescape = self.env.autoescape(name) if callable(self.env.autoescape) else self.env.autoescape
        text = f"{self.fingerprint}|{autoescape!r}|{name}|{filename or ''}"
        return hashlib.blake2b(text.encode("utf-8", "surrogateescape"), digest_size=20).hexdigest()

    def load_bytecode(self, bucket: Bucket) -> None:
        body = cachefile.read(self.root, self._name(bucket), _FORMAT)
        if body is not None:
            bucket.bytecode_from_string(body.encode("utf-8", "surrogateescape"))

    def dump_bytecode(self, bucket: Bucket) -> None:
        text = bucket.bytecode_to_string().decode("utf-8", "surrogateescape")
        cachefile.write(self.root, self._name(bucket), _FORMAT, text)

    @staticmethod
    def _name(bucket: Bucket) -> str:
        return f"{_FOLDER}/{bucket.key}"


def use_cache(env: jinja2.Environment, root: Path) -> None:
    """Load and keep `env`'s compiled templates in `root`'s cache folder from now on."""
    env.bytecode_cache = ProjectBytecodeCache(root, env)


def fingerprint(env: jinja2.Environment) -> str:
    """What, besides a template's text, decides the code Jinja compiles it to in `env`."""
    parts: list[str] = [jinja2.__version__, sys.version]
    parts += [f"{option}={getattr(env, option, None)!r}" for option in _OPTIONS]
    parts += sorted(_qualified(type(extension)) for extension in env.extensions.values())
    callables: list[tuple[str, Any]] = [("filter " + name, f) for name, f in env.filters.items()]
    callables += [("test " + name, test) for name, test in env.tests.items()]
    if env.finalize is not None:
        callables.append(("finalize", env.finalize))
    parts += sorted(f"{kind} {_qualified(func)} {_PassArg.from_obj(func)}" for kind, func in callables)
    packages = {_package(func) for _, func in callables} | {
        _package(type(e)) for e in env.extensions.values()
    }
    parts += [f"{package} {_code_stamp(package)}" for package in sorted(packages - {""})]
    return hashlib.blake2b("\n".join(parts).encode("utf-8", "surrogateescape"), digest_size=16).hexdigest()


def _qualified(obj: Any) -> str:
    return f"{getattr(obj, '__module__', '')}.{getattr(obj, '__qualname__', type(obj).__qualname__)}"


def _package(obj: Any) -> str:
    return str(getattr(obj, "__module__", "") or "").partition(".")[0]


def _code_stamp(package: str) -> str:
    """The size and change time of every Python file of an imported package: a filter's output
    may be folded into a compiled template, and depends on code beyond the filter itself."""
    module = sys.modules.get(package)
    file = getattr(module, "__file__", None)
    if not file:
        return "builtin"
    top = Path(file)
    files = sorted(top.parent.rglob("*.py")) if hasattr(module, "__path__") else [top]
    digest = hashlib.blake2b(digest_size=16)
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(top.parent)} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()
