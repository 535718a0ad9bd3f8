"""The `catalog` command: parse arguments, call the core, format the result, pick the exit code.

Exit codes: 0 no errors (warnings allowed), 1 errors found, 2 usage or configuration error.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__, heap
from .problems import ConfigError, Report

F = TypeVar("F", bound=Callable[..., Any])


def _root(ctx: click.Context) -> Path:
    return Path(ctx.obj["root"])


def _as_of(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date written YYYY-MM-DD") from None


@contextmanager
def _edge(ctx: click.Context) -> Iterator[None]:
    """Turn configuration errors into exit code 2 and unexpected ones into one clear line."""
    from .report import escape_terminal, format_text

    try:
        yield
    except ConfigError as exc:
        click.echo(format_text(Report(exc.problems)), err=True)
        click.echo("The project's configuration is broken; fix it first (exit code 2).", err=True)
        ctx.exit(2)
    except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
        raise
    except Exception as exc:
        if ctx.obj.get("traceback"):
            raise
        click.echo(f"catalog: internal error: {type(exc).__name__}: {escape_terminal(str(exc))}", err=True)
        click.echo("Run again with --traceback and report it to the maintainers.", err=True)
        ctx.exit(3)


def _default_format() -> str:
    if os.environ.get("GITHUB_ACTIONS") == "true":
        return "github"
    return "text"


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="catalog")
@click.option(
    "-C",
    "directory",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Run in this project folder (holding catalog/, schema/, mkdocs.yml).",
)
@click.option("--traceback", is_flag=True, help="Show a Python traceback on internal errors.")
@click.pass_context
def main(ctx: click.Context, directory: Path, traceback: bool) -> None:
    """Check and publish a catalog of approved IT solutions."""
    if not directory.is_dir():
        raise click.BadParameter(f"{directory} is not a folder", param_hint="-C")
    ctx.obj = {"root": directory.resolve(), "traceback": traceback}


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["auto", "text", "parsable", "github", "json"]),
    default="auto",
    show_default=True,
    help="How to print problems; auto is github under GitHub Actions, else text.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="Fail (exit 1) on warnings too, and on everything that has lapsed (an ended contract, an "
    "expired certificate or waiver), wherever it is.",
)
@click.option(
    "--changed-since",
    "changed_since",
    metavar="REV",
    help="Files changed since this git revision count as touched: what has lapsed in them is an "
    "error (elsewhere a warning). For pull requests: --changed-since <base>.",
)
@click.option(
    "--as-of",
    "as_of",
    metavar="YYYY-MM-DD",
    help="Judge expiry as of this date (default: today, or $CATALOG_DATE / $SOURCE_DATE_EPOCH).",
)
@click.pass_context
def validate(
    ctx: click.Context,
    paths: tuple[Path, ...],
    output_format: str,
    strict: bool,
    changed_since: str | None,
    as_of: str | None,
) -> None:
    """Check the whole catalog, or only PATHS and what they depend on.

    Every problem is reported in one run, sorted by file and line. What has lapsed on its own (a
    contract's end, a certificate's or a waiver's expiry) is a warning, so a scheduled build still
    publishes, except in the files named, the files changed since --changed-since, or with --strict.
    """
    with heap.quiet():  # the checker's modules make many objects and no garbage
        from .pipeline import check
        from .report import FORMATTERS, format_text
        from .siteconfig import check_site_config

    with _edge(ctx):
        touched: list[str] = []
        if changed_since is not None:
            from .revisions import DiffError, changed_paths  # git's view, only when asked for

            try:
                touched = [change.path for change in changed_paths(_root(ctx), changed_since, None)]
            except DiffError as exc:
                click.echo(f"catalog validate: --changed-since: {exc}", err=True)
                ctx.exit(2)
        targets = [p if p.is_absolute() else Path.cwd() / p for p in paths]
        result = check(_root(ctx), targets, _as_of(as_of), touched=touched, strict=strict)
        result.report.extend(check_site_config(_root(ctx)))  # mkdocs.yml, before anything builds
        chosen = _default_format() if output_format == "auto" else output_format
        if chosen == "text":
            text = format_text(result.report, color=sys.stdout.isatty())
        else:
            text = FORMATTERS[chosen](result.report)
        if text:
            click.echo(text)
        failed = bool(result.report.errors) or (strict and bool(result.report.warnings))
        ctx.exit(1 if failed else 0)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--with-suggestions",
    "suggestions",
    is_flag=True,
    help='Also take the "did you mean" guesses (check each one).',
)
@click.option(
    "--with-commitments",
    "commitments",
    is_flag=True,
    help="Also write the terms and plans the policy asks for; only if your company or the signed "
    "contract agrees to them.",
)
@click.option("--dry-run", is_flag=True, help="Show what would change, as a diff, and write nothing.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How to print what was done.",
)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Judge expiry as of this date.")
@click.pass_context
def fix(
    ctx: click.Context,
    paths: tuple[Path, ...],
    suggestions: bool,
    commitments: bool,
    dry_run: bool,
    output_format: str,
    as_of: str | None,
) -> None:
    """Make the fixes validation names, in the whole catalog or in PATHS, keeping comments and layout.

    Corrections are made; "did you mean" guesses and commitments (terms the policy asks for) only
    when asked. Every file written still loads, and is checked again: a file whose fixes would
    bring a new finding is put back. Says what changed and what still needs a person.
    """
    from .fixing import run_fixes
    from .report import format_fix_json, format_fix_run

    with _edge(ctx):
        run = run_fixes(
            _root(ctx),
            paths,
            suggestions=suggestions,
            commitments=commitments,
            dry_run=dry_run,
            today=_as_of(as_of),
        )
        if output_format == "json":
            click.echo(format_fix_json(run))
        else:
            click.echo(format_fix_run(run, color=sys.stdout.isatty()))
        ctx.exit(1 if run.remaining.errors else 0)


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="How to print the rules.",
)
def rules(output_format: str) -> None:
    """List every rule with a one-line description and an example."""
    from .rulebook import format_rules
    from .rules import RULES

    click.echo(format_rules(RULES.values(), output_format))


@main.command()
@click.option(
    "--site-dir",
    type=click.Path(path_type=Path),
    default=None,
    help="Where to write the site (default: site/ in the project).",
)
@click.option(
    "--strict/--no-strict", default=True, show_default=True, help="Treat warnings from mkdocs as errors."
)
@click.option(
    "--jobs",
    type=click.IntRange(1, 2),
    default=None,
    help="Processes to build with: 1, or 2 (the second writes the data exports, then renders entry "
    "pages from the last backwards). Default: the plugin's jobs option in mkdocs.yml, else 2 on a "
    "machine with two cores.",
)
@click.pass_context
def build(ctx: click.Context, site_dir: Path | None, strict: bool, jobs: int | None) -> None:
    """Validate the catalog and build the static site."""
    with heap.quiet():  # mkdocs, the theme's and the checker's modules: no garbage
        from .build import build_site

    with _edge(ctx):
        ctx.exit(build_site(_root(ctx), site_dir, strict=strict, jobs=jobs))


@main.command()
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@click.option(
    "--limit",
    type=int,
    default=None,
    help="Preview only the first N solutions (and what they need): a faster first build on a small machine.",
)
@click.pass_context
def serve(ctx: click.Context, dev_addr: str, limit: int | None) -> None:
    """Serve the site locally; a save updates the pages it changes (the policy: all of them)."""
    from .build import serve_site

    with _edge(ctx):
        ctx.exit(serve_site(_root(ctx), dev_addr, limit=limit))


@main.command()
@click.argument("kind", type=click.Choice(["vendor", "vehicle", "contract", "solution", "scenario"]))
@click.argument("entry_id")
@click.option("--vendor", help="The vendor id (contracts and solutions).")
@click.option(
    "--contract",
    "contracts",
    multiple=True,
    help="A contract id the solution is offered under (repeat for several).",
)
@click.option("--name", help="The entry's name or title.")
@click.option("--category", help="A solution's category (the terms policy's requirements depend on it).")
@click.option("--risk-tier", "risk_tier", help="A solution's risk tier: low, moderate or high.")
@click.option("--data", help="The highest classification of data the solution may hold.")
@click.option(
    "--regulated", multiple=True, help="A kind of regulated data it may hold, e.g. cji (repeat for several)."
)
@click.option(
    "--jurisdiction", help="Who awarded a contract, when not this jurisdiction: a code such as US-NY, or US."
)
@click.option("--vehicle", help="The vehicle a contract is awarded under (the contract is then an award).")
@click.pass_context
def new(
    ctx: click.Context,
    kind: str,
    entry_id: str,
    vendor: str | None,
    contracts: tuple[str, ...],
    name: str | None,
    category: str | None,
    risk_tier: str | None,
    data: str | None,
    regulated: tuple[str, ...],
    jurisdiction: str | None,
    vehicle: str | None,
) -> None:
    """Write a new entry file with every required field laid out and explained.

    For a solution, give --category, --risk-tier and --data (and --contract): every field the
    terms policy requires for them is laid out as required, with the limit it must meet, and the
    overrides the contract needs as placeholders.
    """
    from .scaffold import Request, ScaffoldError, create

    request = Request(
        kind, entry_id, vendor, contracts, name, category, risk_tier, data, regulated, jurisdiction, vehicle
    )
    with _edge(ctx):
        try:
            path = create(_root(ctx), request)
        except ScaffoldError as exc:
            click.echo(f"catalog new: {exc}", err=True)
            ctx.exit(2)
        shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
        click.echo(f"Wrote {shown}. Fill in every 'FILL IN' value, then run `catalog validate {shown}`.")


@main.command()
@click.argument("base")
@click.argument("head", required=False)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="How to print the changes.",
)
@click.option(
    "--max-chars",
    type=click.IntRange(min=0),
    default=None,
    help="Markdown only: leave out whole lines past this many characters and say so "
    "(default 60000, which fits a GitHub comment; 0: no limit).",
)
@click.option(
    "--full-report",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Also write the whole report, never shortened, to this file.",
)
@click.pass_context
def diff(
    ctx: click.Context,
    base: str,
    head: str | None,
    output_format: str,
    max_chars: int | None,
    full_report: Path | None,
) -> None:
    """Show what changed between two git revisions: paths that need a maintainer, the terms
    policy and schemas, and every entry term by term.

    HEAD defaults to the working tree. Loosened terms are listed first.
    """
    from .semantic_diff import COMMENT_LIMIT, DiffError, diff_catalog, format_report

    if max_chars is not None and output_format != "markdown":
        raise click.BadParameter("only the markdown format is shortened", param_hint="--max-chars")
    with _edge(ctx):
        try:
            report = diff_catalog(_root(ctx), base, head)
        except DiffError as exc:
            click.echo(f"catalog diff: {exc}", err=True)
            ctx.exit(2)
        if full_report is not None:
            full_report.parent.mkdir(parents=True, exist_ok=True)
            whole = format_report(report, output_format)
            full_report.write_text(whole if whole.endswith("\n") else whole + "\n", encoding="utf-8")
        limit = COMMENT_LIMIT if max_chars is None and output_format == "markdown" else max_chars or 0
        click.echo(format_report(report, output_format, limit), nl=output_format != "markdown")


@main.command()
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["json", "csv", "ocds", "docs"]),
    default="json",
    show_default=True,
    help="What to export; docs is the whole site as a plain mkdocs project (pages as files).",
)
@click.option(
    "--output",
    type=click.Path(path_type=Path),
    default=None,
    help="A file (json, ocds) or folder (csv, docs); default: standard output (json, ocds).",
)
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Compute statuses as of this date.")
@click.option(
    "--ocds-prefix",
    metavar="ocds-xxxxxx",
    default=None,
    help="The publisher's registered OCDS prefix (default: ocds_prefix of the catalog plugin in mkdocs.yml).",
)
@click.pass_context
def export(
    ctx: click.Context, output_format: str, output: Path | None, as_of: str | None, ocds_prefix: str | None
) -> None:
    """Export the validated catalog as data, or the site as a plain mkdocs project, without building it."""
    from .exports.command import run_export

    with _edge(ctx):
        ctx.exit(run_export(_root(ctx), output_format, output, _as_of(as_of), ocds_prefix))
