"""`catalog build` and `catalog serve`: validate, then run the real mkdocs build or server.

A build goes into a fresh folder next to the target and replaces the target only once it has
succeeded, so a failed build never leaves a half-written site; and a target that is neither
empty nor a previous build is refused, so no unrelated folder is ever deleted.

Options given on the command line (`--jobs`, `--limit`) are the catalog plugin's declared
options, set over those in mkdocs.yml through mkdocs' own plugin API for every build; the check
made before mkdocs starts is handed to the plugin through its one public method, `reuse`.
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
from typing import Any
from urllib.parse import urlsplit

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import MkDocsException

from . import heap
from .buildinfo import asked_once, build_info
from .outdir import replace_with, staging_beside, unsafe_target
from .pipeline import Result, as_of_date, check
from .plugin import CatalogPlugin
from .problems import ConfigError, Report
from .report import format_text
from .siteconfig import check_site_config


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


def load_site_config(
    config_file: Path, site_dir: Path, *, options: dict[str, Any] | None = None, **settings: Any
) -> tuple[MkDocsConfig, CatalogPlugin]:
    """mkdocs' configuration with the catalog plugin's `options` set over those in the file."""
    config = load_config(str(config_file), site_dir=str(site_dir), **settings)
    plugin = config.plugins.get("catalog")
    if not isinstance(plugin, CatalogPlugin):
        raise MkDocsException(
            f"{config_file.name} does not enable the catalog plugin: add `- catalog` under plugins"
        )
    chosen = {name: value for name, value in (options or {}).items() if value is not None}
    if chosen:
        errors, _ = plugin.load_config({**plugin.config, **chosen}, config.config_file_path)
        if errors:
            raise MkDocsException("; ".join(f"catalog option {name}: {error}" for name, error in errors))
    return config, plugin


def build_site(root: Path, site_dir: Path | None, strict: bool, jobs: int | None = None) -> int:
    """Validate the catalog, build the site into `site_dir` (default: <root>/site) with `jobs`
    processes (default: the plugin's option, else 2 on a machine with two cores). Exit code."""
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
    with heap.paused():  # the checked catalog lives as long as the build (heap.py)
        result = check(root, today=as_of)
    try:
        return _build_checked(root, result, config_file, target, strict, jobs)
    finally:
        heap.release()


def _build_checked(
    root: Path, result: Result, config_file: Path, target: Path, strict: bool, jobs: int | None
) -> int:
    if result.report.problems:
        print(format_text(result.report))
    if result.report.errors:
        _say("catalog build: the catalog has errors; nothing was built.")
        return 1
    staging = staging_beside(target)
    try:
        # git is asked once: the commit pins mkdocs' dates and is the source the site names.
        with _mkdocs_messages(), asked_once(root), _pinned_time(root):
            config, plugin = load_site_config(config_file, staging, options={"jobs": jobs}, strict=strict)
            plugin.reuse(result)  # checked once, above
            # As mkdocs' own command does: on_shutdown also stops what a failed build started.
            config.plugins.on_startup(command="build", dirty=False)
            try:
                mkdocs_build(config)
            finally:
                config.plugins.on_shutdown()
    except (MkDocsException, SystemExit) as exc:
        shutil.rmtree(staging, ignore_errors=True)
        message = str(exc)
        _say(
            f"catalog build: the site was not built{': ' + message if message else ''}. The old site is unchanged."
        )
        return 1
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)  # e.g. Ctrl-C
        raise
    replace_with(staging, target)
    _say(f"Built the site in {target}.")
    return 0


def serve_site(root: Path, dev_addr: str, limit: int | None) -> int:
    """Serve a live preview: a whole build first, then on each save only the pages the change
    alters (preview.py); schemas, policy, docs/ or mkdocs.yml changed: a whole build again."""
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
    try:
        with _mkdocs_messages(), _pinned_time(root):
            return _serve(root, dev_addr, {"preview_limit": limit})
    except (MkDocsException, SystemExit) as exc:
        _say(f"catalog serve: {exc}")
        return 1


def _serve(root: Path, dev_addr: str, options: dict[str, Any]) -> int:
    """mkdocs' server over a folder that a preview session keeps up to date."""
    # Imported here: the server and the session (the web server, watchdog) are no part of a build.
    from .preview import PreviewSession
    from .preview_server import PreviewServer

    config_file = root / "mkdocs.yml"
    config, _ = load_site_config(config_file, root / "site", options=options, dev_addr=dev_addr)
    host, port = config.dev_addr
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = f"http://{host}:{port}{mount_path}"
    site_dir = Path(tempfile.mkdtemp(prefix="catalog-preview-")) / "site"

    def load(folder: Path) -> tuple[MkDocsConfig, CatalogPlugin]:
        loaded, plugin = load_site_config(config_file, folder, options=options, dev_addr=dev_addr)
        loaded.site_url = serve_url
        return loaded, plugin

    session = PreviewSession(root, site_dir, load, serve_url=serve_url)
    report = session.start()
    if report.problems:
        print(format_text(report))
    if report.errors:
        shutil.rmtree(site_dir.parent, ignore_errors=True)
        _say("catalog serve: fix the errors above first; the preview needs a valid catalog.")
        return 1

    def builder(config: MkDocsConfig | None = None) -> None:
        try:
            outcome = session.update()
        except (MkDocsException, ConfigError, OSError) as exc:  # e.g. a broken schema, or docs/ hiding a page
            session.failed(
                str(exc) if not isinstance(exc, ConfigError) else format_text(Report(exc.problems))
            )
            _say(f"catalog serve: the site was not rebuilt: {session.notice}")
            return
        if outcome.how == "pages":
            _say(
                f"Updated {outcome.pages} files: the changed pages in {outcome.visible:.2f} s "
                f"({outcome.cpu[0]:.2f} s CPU), everything in {outcome.done:.2f} s ({outcome.cpu[1]:.2f} s CPU)."
            )
        elif outcome.how == "whole":
            _say(f"Rebuilt the whole site in {outcome.done:.1f} s ({outcome.why}).")

    server = PreviewServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)
    server.notice = lambda: session.notice
    session.signal = server.signal
    server.error_handler = lambda code: _error_page(site_dir, code)
    for watched in ("catalog", "schema", "docs", "mkdocs.yml"):
        if (root / watched).exists():
            server.watch(str(root / watched))
    for item in config.watch:
        server.watch(item)
    try:
        server.serve()  # type: ignore[no-untyped-call]
    except KeyboardInterrupt:
        _say("Shutting down...")
    finally:
        server.shutdown()
        shutil.rmtree(site_dir.parent, ignore_errors=True)
    return 0


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code in (404, 500) and page.is_file() else None
