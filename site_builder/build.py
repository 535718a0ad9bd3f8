"""`catalog build` and `catalog serve`: validate, then run the real mkdocs build or server.

A build goes into a fresh folder next to the target and replaces the target only once it has
succeeded, so a failed build never leaves a half-written site; and a target that is neither
empty nor a previous build is refused, so no unrelated folder is ever deleted.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.commands.serve import serve as mkdocs_serve
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from .buildinfo import build_info
from .pipeline import as_of_date, check
from .plugin import ASSET_PREFIX, PREVIEW_LIMIT, CatalogPlugin
from .problems import Report
from .report import format_text
from .siteconfig import check_site_config

MARKER = ASSET_PREFIX + "catalog.css"  # every site this tool builds has it


def _say(text: str) -> None:
    print(text, file=sys.stderr)


@contextmanager
def _mkdocs_messages() -> Iterator[None]:
    """Show mkdocs' warnings and errors (its own CLI would); keep its chatter quiet."""
    logger = logging.getLogger("mkdocs")
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger.addHandler(handler)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    try:
        yield
    finally:
        logger.removeHandler(handler)


@contextmanager
def _pinned_time(root: Path) -> Iterator[None]:
    """Dates mkdocs writes (the sitemap's) come from the source commit unless SOURCE_DATE_EPOCH
    is set, so the same commit builds the same bytes. Statuses keep their own as-of date."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        yield
        return
    info = build_info(root, as_of_date())
    if info.commit_time is None:
        yield
        return
    os.environ["SOURCE_DATE_EPOCH"] = str(int(info.commit_time.timestamp()))
    try:
        yield
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH", None)


def _unsafe_config(root: Path, command: str) -> bool:
    """Check mkdocs.yml before mkdocs reads it (mkdocs' own loader runs code in tags)."""
    problems = check_site_config(root)
    if problems:
        print(format_text(Report(problems)))
        _say(f"catalog {command}: mkdocs.yml is not safe to read; mkdocs was not started.")
    return bool(problems)


def unsafe_target(root: Path, target: Path) -> str | None:
    """Why `target` must not be replaced by a build, or None if it may."""
    if target == root or target in root.parents or root.is_relative_to(target):
        return f"{target} holds the project itself"
    for folder in ("catalog", "schema", "docs", ".git"):
        if target.is_relative_to(root / folder):
            return f"{target} is inside the project's {folder}/ folder"
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        return f"{target} is not a folder"
    if target.is_dir() and any(target.iterdir()) and not (target / MARKER).is_file():
        return f"{target} is not empty and does not look like a site this tool built"
    return None


def build_site(root: Path, site_dir: Path | None, strict: bool) -> int:
    """Validate the catalog, build the site into `site_dir` (default: <root>/site). Exit code."""
    root = root.resolve()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        _say(f"catalog build: {config_file} is missing; the site needs it.")
        return 2
    if _unsafe_config(root, "build"):
        return 1
    target = (site_dir if site_dir is not None else root / "site").absolute()
    problem = unsafe_target(root, target)
    if problem:
        _say(f"catalog build: refusing to write the site there: {problem}. Choose an empty or new folder.")
        return 2
    as_of = as_of_date()
    result = check(root, today=as_of)
    if result.report.problems:
        print(format_text(result.report))
    if result.report.errors:
        _say("catalog build: the catalog has errors; nothing was built.")
        return 1
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-building-", dir=target.parent))
    plugin = None
    try:
        with _mkdocs_messages(), _pinned_time(root):
            config = load_config(str(config_file), site_dir=str(staging), strict=strict)
            plugin = config.plugins.get("catalog")
            if isinstance(plugin, CatalogPlugin):
                plugin.preloaded = result  # checked once, above
            mkdocs_build(config)
    except (MkDocsException, SystemExit) as exc:
        if isinstance(plugin, CatalogPlugin):
            plugin.stop_exports()
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc)
        _say(
            f"catalog build: the site was not built{': ' + message if message else ''}. The old site is unchanged."
        )
        return 1
    except BaseException:
        if isinstance(plugin, CatalogPlugin):
            plugin.stop_exports()  # e.g. Ctrl-C: no child left writing beside the site
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap(staging, target)
    _say(f"Built the site in {target}.")
    return 0


def _swap(staging: Path, target: Path) -> None:
    """Replace `target` by `staging` with two renames; the old site goes only after both."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-old-", dir=target.parent))
        old.rmdir()
        target.rename(old)
    try:
        staging.rename(target)
    except OSError:
        if old is not None:
            old.rename(target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def serve_site(root: Path, dev_addr: str, limit: int | None) -> int:
    """Serve a live preview; rebuilds when catalog/, schema/, docs/ or mkdocs.yml change."""
    root = root.resolve()
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        _say(f"catalog serve: {config_file} is missing; the site needs it.")
        return 2
    if limit is not None and limit < 1:
        _say("catalog serve: --limit must be at least 1.")
        return 2
    if _unsafe_config(root, "serve"):
        return 1
    result = check(root)
    if result.report.problems:
        print(format_text(result.report))
    if result.report.errors:
        _say("catalog serve: fix the errors above first; the preview needs a valid catalog.")
        return 1
    if limit is not None:
        os.environ[PREVIEW_LIMIT] = str(limit)
    try:
        with _mkdocs_messages():
            mkdocs_serve(str(config_file), dev_addr=dev_addr, livereload=True)
    except (MkDocsException, SystemExit) as exc:
        _say(f"catalog serve: {exc}")
        return 1
    finally:
        os.environ.pop(PREVIEW_LIMIT, None)
    return 0
