"""load → validate → policy → model: the one way a catalog is checked, by the CLI and the build alike."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from . import (
    content,
    entrycache,
    heap,
    identity,
    lapses,
    namecache,
    placement,
    policy,
    repo_checks,
    rules,
    selection,
    yamlsafe,
)
from .discover import CatalogFile, discover, read_bytes
from .model import KINDS, SINGULAR, Catalog, Contract, build_entry
from .policy import Policy, Waiver
from .problems import Change, ConfigError, Fix, Level, Problem, Report
from .validate import SchemaSet, to_problem


@dataclass(frozen=True)
class Project:
    """What a run needs besides the catalog: schemas and policy, read once."""

    root: Path
    schemas: SchemaSet
    policy: Policy
    markdown_fields: frozenset[str]


@dataclass
class Result:
    project: Project
    catalog: Catalog
    report: Report
    waived: list[tuple[Waiver, Problem]] = field(default_factory=list)
    # Entries not currently orderable (entry key → why, since when): lapses.py.
    standing: lapses.Standing = field(default_factory=dict)
    # Solution files whose findings were merged into one on their contract or vehicle (placement.py).
    placed_sources: frozenset[str] = frozenset()


@dataclass
class _Loaded:
    source: CatalogFile
    text: str | None
    data: Any
    problems: list[Problem]


def as_of_date(explicit: date | None = None) -> date:
    """The date statuses are computed for: explicit, else $CATALOG_DATE, else
    $SOURCE_DATE_EPOCH (reproducible builds), else today in UTC."""
    if explicit is not None:
        return explicit
    if os.environ.get("CATALOG_DATE"):
        return date.fromisoformat(os.environ["CATALOG_DATE"])
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=UTC).date()
    return datetime.now(tz=UTC).date()


def open_project(root: Path) -> Project:
    """Read schemas and policy; raise ConfigError if either is broken."""
    schema_dir = root / "schema"
    try:
        schemas = SchemaSet(schema_dir)
    except (OSError, ValueError, KeyError) as exc:
        raise ConfigError(
            [
                Problem(
                    "schema",
                    0,
                    0,
                    Level.ERROR,
                    "config",
                    f"the schemas in schema/ cannot be used: {exc}",
                    hint="restore the schema files from the repository",
                )
            ]
        ) from exc
    except Exception as exc:  # jsonschema's SchemaError and friends
        raise ConfigError(
            [
                Problem(
                    "schema",
                    0,
                    0,
                    Level.ERROR,
                    "config",
                    f"a schema in schema/ is not valid JSON Schema: {getattr(exc, 'message', exc)}",
                    hint="restore the schema files from the repository",
                )
            ]
        ) from exc
    terms_policy = policy.load_policy(root, schemas)
    rules.check_policy_names(terms_policy)
    return Project(root, schemas, terms_policy, schemas.markdown_fields())


def check(
    root: Path,
    paths: Iterable[Path] = (),
    today: date | None = None,
    project: Project | None = None,
    *,
    touched: Iterable[str] = (),
    strict: bool = False,
) -> Result:
    """Check the whole catalog, or only `paths` (and what they depend on, or what depends on them).

    A lapse (a finding only time brought) is an error in `touched` files (project-relative paths),
    in the files `paths` names, and everywhere when `strict`; elsewhere a warning (lapses.py).
    """
    # Loading makes millions of small lists and dicts and no reference cycles; the cycle
    # collector would walk them all again each time enough new ones pile up (a tenth of a
    # whole-catalog check at 20,000 solutions).  It is paused meanwhile, as it was found.
    with heap.quiet():
        return _check(root, paths, today, project, touched=touched, strict=strict)


def _check(
    root: Path,
    paths: Iterable[Path],
    today: date | None,
    project: Project | None,
    *,
    touched: Iterable[str],
    strict: bool,
) -> Result:
    root = root.resolve()
    project = project or open_project(root)
    today = as_of_date(today)
    targets = [Path(p) for p in paths]
    named: list[str] | None = None
    if any(selection.is_project_file(root, target) for target in targets):
        targets = []  # a changed schema, policy or mkdocs.yml can affect every entry
    if targets:
        selected, layout_problems = selection.select(root, targets)
        named = [*(f.file for f in selected), *(p.file for p in layout_problems)]
        selected, layout_problems = repo_checks.check_repository(root, selected, layout_problems, named)
        remembered = entrycache.EntryCache(root, project.schemas.documents)
        loaded = selection.with_context(root, selected, lambda source: _load(project, source, remembered))
        reported = {f.file for f in selected}
        # The id check compares the loaded entries with their folders' other names; only the
        # names that share a comparison key with one of them can matter.
        names = {
            kind: namecache.sharing(
                root,
                kind,
                {identity.identity_key(i.source.id) for i in loaded.values() if i.source.kind == kind},
            )
            for kind in {f.kind for f in selected}
            if (root / "catalog" / kind).is_dir()
        }
    else:
        files, layout_problems = discover(root)
        files, layout_problems = repo_checks.check_repository(root, files, layout_problems)
        loaded = {f.file: _load(project, f) for f in files}
        reported = set(loaded)
        names = {}
    return conclude(
        project, today, loaded, layout_problems, reported=reported, names=names,
        named=named, touched=touched, strict=strict,
    )  # fmt: skip


def conclude(
    project: Project,
    today: date,
    loaded: Mapping[str, _Loaded],
    layout_problems: list[Problem],
    *,
    reported: set[str] | None = None,
    names: Mapping[str, Any] | None = None,
    named: Iterable[str] | None = None,
    touched: Iterable[str] = (),
    strict: bool = False,
) -> Result:
    """The check of files already loaded: the whole catalog's when `named` is None (a live
    preview keeps every file's loading and loads again only the files that changed)."""
    targets = named is not None
    reported = set(loaded) if reported is None else reported
    report = Report()
    report.extend(layout_problems)
    catalog = build_catalog(loaded.values(), project.policy, today)
    catalog.broken |= identity.rejected_keys(layout_problems)
    if targets:
        catalog.context = _context(loaded, reported)
    found = [p for item in loaded.values() for p in item.problems]
    found += identity.duplicate_ids((item.source for item in loaded.values()), names or {})
    found += rules.run(catalog, project.policy)
    keys = {item.source.file: f"{item.source.kind}/{item.source.id}" for item in loaded.values()}
    checked = {keys[f] for f in reported if f in keys}
    waiving = policy.Waiving(project.policy, today)
    found, placed = placement.place(waiving.apply(found, keys), catalog)
    # A finding placed on a contract is reported when any solution it stands for is.
    reported_placed = {p.problem for p in placed if any(s.file in reported for s in p.sources)}
    found += waiving.apply(reported_placed, keys)
    found += waiving.findings(
        None if not targets else checked, _not_evaluated(catalog), () if targets else set(keys.values())
    )
    waived = sorted(waiving.applied, key=lambda pair: (pair[0].index, pair[1]))  # in policy order
    touched_files = {*touched, *(named or ())}
    found, blocking = lapses.settle(found, touched_files.__contains__, strict)
    for problem in found:
        if problem.file in reported or problem.file == project.policy.file or problem in reported_placed:
            report.add(problem)
    report.problems = _locate_all(report.problems, loaded, project.policy)
    report.files_checked = len(reported)
    sources = frozenset(s.file for p in placed for s in p.sources)
    return Result(project, catalog, report, waived, lapses.standing(catalog, blocking), sources)


def _context(loaded: Mapping[str, _Loaded], reported: set[str]) -> frozenset[str]:
    """The entries loaded only to check the reported files against."""
    return frozenset(f"{i.source.kind}/{i.source.id}" for file, i in loaded.items() if file not in reported)


def _not_evaluated(catalog: Catalog) -> set[str]:
    """Entries whose checks could not run: their own errors, or a contract they name that is
    missing or has errors (a solution's terms cannot be judged without it)."""
    found = set(catalog.broken)
    for solution in catalog.solutions.values():
        if len(solution.offerings) < len(solution.data["offered_under"]):
            found.add(solution.key)
    return found


def load_file(
    project: Project, source: CatalogFile, remembered: entrycache.EntryCache | None = None
) -> _Loaded:
    """One file read and checked on its own (see `_load`), for a caller that keeps them."""
    return _load(project, source, remembered)


def _load(project: Project, source: CatalogFile, remembered: entrycache.EntryCache | None = None) -> _Loaded:
    """Read, parse, check text and schema for one file (or take what passed with these bytes)."""
    try:
        raw = read_bytes(source.path)
    except OSError as exc:
        return _Loaded(
            source,
            None,
            None,
            [
                Problem(
                    source.file,
                    0,
                    0,
                    Level.ERROR,
                    "file-type",
                    f"the file cannot be read ({exc.strerror})",
                    hint="replace it with a regular file",
                )
            ],
        )
    text, problems = yamlsafe.decode(raw, source.file)
    if text is None:
        return _Loaded(source, None, None, problems)
    passed = remembered.get(source.kind, source.id, raw) if remembered is not None else None
    if passed is not None:
        return _Loaded(source, text, passed, [])
    data, problems = yamlsafe.load(text, source.file)
    if problems:
        return _Loaded(source, text, None, problems)
    singular = SINGULAR[source.kind]
    if not isinstance(data, dict):
        return _Loaded(
            source,
            text,
            None,
            [
                Problem(
                    source.file,
                    1,
                    1,
                    Level.ERROR,
                    "schema",
                    f"the file must hold the fields of a {singular}, one per line as `field: value`",
                    pointer="",
                    hint=f"start from `catalog new {singular} {source.id}`",
                )
            ],
        )
    found = [
        Problem(source.file, 0, 0, Level.ERROR, t.rule, t.message, pointer=t.pointer, hint=t.hint, fix=t.fix)
        for t in content.check_text(data, project.markdown_fields)
    ]
    flagged = {p.pointer for p in found}
    found += [
        to_problem(f, source.file)
        for f in project.schemas.findings(source.kind, data)
        if f.pointer not in flagged
    ]
    if data.get("id") is not None and data.get("id") != source.id:
        found.append(
            Problem(
                source.file,
                0,
                0,
                Level.ERROR,
                "id-mismatch",
                f'the id "{data.get("id")}" differs from the file name "{source.id}.yaml"',
                pointer="/id",
                hint=f"set `id: {source.id}` or rename the file",
                fix=Fix((Change("set", "/id", source.id),)),
            )
        )
    if remembered is not None and not found:
        remembered.put(source.kind, source.id, raw, data)
    return _Loaded(source, text, data if not found else None, found)


def build_catalog(loaded: Iterable[_Loaded], terms_policy: Policy, today: date) -> Catalog:
    """The model from every file that passed its own checks; contracts first, as solutions need them."""
    catalog = Catalog(today)
    loaded = list(loaded)
    catalog.broken = {f"{item.source.kind}/{item.source.id}" for item in loaded if item.data is None}
    valid = sorted(
        (item for item in loaded if item.data is not None),
        key=lambda item: (KINDS.index(item.source.kind), item.source.id),
    )
    warn = terms_policy.expiry_warning_days
    for item in valid:
        kind = item.source.kind
        entry = build_entry(
            kind, item.source.file, item.data, today, warn, catalog.contracts, catalog.vehicles
        )
        if isinstance(entry, Contract) and entry.vehicle_id and entry.vehicle is None:
            catalog.detached[entry.id] = entry  # its vehicle is missing or broken: terms unknown
            catalog.broken.add(entry.key)
            continue
        catalog.of_kind(kind)[entry.id] = entry  # type: ignore[index]
    return catalog


def _locate_all(
    problems: list[Problem], loaded: Mapping[str, _Loaded], terms_policy: Policy
) -> list[Problem]:
    """Fill in line and column from each problem's pointer, parsing a file again only if needed."""
    marks_by_file: dict[str, Mapping[str, yamlsafe.Mark]] = {terms_policy.file: terms_policy.marks}
    located = []
    for problem in problems:
        if problem.line or (not problem.pointer and problem.file not in loaded):
            located.append(problem)
            continue
        marks = marks_by_file.get(problem.file)
        if marks is None:
            item = loaded.get(problem.file)
            fresh: dict[str, yamlsafe.Mark] = {}
            if item is not None and item.text is not None:
                yamlsafe.load(item.text, problem.file, fresh)
            marks_by_file[problem.file] = marks = fresh
        mark = policy.position_of(marks, problem.pointer)
        fix = _locate_fix(problem.fix, marks) if problem.fix is not None else None
        located.append(replace(problem, line=mark.line, column=mark.column, fix=fix))
    return sorted(set(located))


def _locate_fix(fix: Fix, marks: Mapping[str, yamlsafe.Mark]) -> Fix:
    """The fix with, for each change, the deepest part of its path the file has, and its line."""
    changes = []
    for change in fix.changes:
        found = change.path
        while found and found not in marks:
            found = found[: found.rfind("/")]
        line = marks[found].line if found and found in marks else 0
        changes.append(replace(change, found=found, line=line))
    return replace(fix, changes=tuple(changes))
