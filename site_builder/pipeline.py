"""load → validate → policy → model: the one way a catalog is checked, by the CLI and the build alike."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from . import content, policy, repo_checks, yamlsafe
from .discover import CatalogFile, classify, discover, read_bytes, relative
from .model import KINDS, SINGULAR, Catalog, build_entry
from .policy import Policy, Waiver
from .problems import ConfigError, Level, Problem, Report
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
                    "restore the schema files from the repository",
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
                    "restore the schema files from the repository",
                )
            ]
        ) from exc
    terms_policy = policy.load_policy(root, schemas)
    return Project(root, schemas, terms_policy, schemas.markdown_fields())


def check(
    root: Path, paths: Iterable[Path] = (), today: date | None = None, project: Project | None = None
) -> Result:
    """Check the whole catalog, or only `paths` (and what they depend on, or what depends on them)."""
    root = root.resolve()
    project = project or open_project(root)
    today = as_of_date(today)
    report = Report()
    targets = [Path(p) for p in paths]
    if any(_is_project_file(root, target) for target in targets):
        targets = []  # a changed schema, policy or mkdocs.yml can affect every entry
    if targets:
        selected, layout_problems = _select(root, targets)
        named = [*(f.file for f in selected), *(p.file for p in layout_problems)]
        selected, layout_problems = repo_checks.check_repository(root, selected, layout_problems, named)
        loaded = _load_with_context(project, selected)
        reported = {f.file for f in selected}
        names = {
            kind: sorted(os.listdir(root / "catalog" / kind))  # noqa: PTH208  (plain names suffice)
            for kind in {f.kind for f in selected}
            if (root / "catalog" / kind).is_dir()
        }
    else:
        files, layout_problems = discover(root)
        files, layout_problems = repo_checks.check_repository(root, files, layout_problems)
        loaded = {f.file: _load(project, f) for f in files}
        reported = set(loaded)
        names = {}
    report.extend(layout_problems)
    catalog = build_catalog(loaded.values(), project.policy, today)
    catalog.broken |= _rejected_keys(layout_problems)
    found = [p for item in loaded.values() for p in item.problems]
    found += _duplicate_ids(root, loaded, names)
    found += policy.run(catalog, project.policy)
    keys = {item.source.file: f"{item.source.kind}/{item.source.id}" for item in loaded.values()}
    checked = {keys[f] for f in reported if f in keys}
    found, waived = policy.apply_waivers(project.policy, found, keys, today, None if not targets else checked)
    for problem in found:
        if problem.file in reported or problem.file == project.policy.file:
            report.add(problem)
    report.problems = _locate_all(report.problems, loaded, project.policy)
    report.files_checked = len(reported)
    return Result(project, catalog, report, waived)


def _load(project: Project, source: CatalogFile) -> _Loaded:
    """Read, parse, check text and schema for one file."""
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
                    "replace it with a regular file",
                )
            ],
        )
    text, problems = yamlsafe.decode(raw, source.file)
    if text is None:
        return _Loaded(source, None, None, problems)
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
                    "",
                    f"start from `catalog new {singular} {source.id}`",
                )
            ],
        )
    found = [
        Problem(source.file, 0, 0, Level.ERROR, t.rule, t.message, t.pointer, t.hint)
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
                "/id",
                f"set `id: {source.id}` or rename the file",
            )
        )
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
        entry = build_entry(item.source.kind, item.source.file, item.data, today, warn, catalog.contracts)
        catalog.of_kind(item.source.kind)[entry.id] = entry  # type: ignore[index]
    return catalog


def _rejected_keys(problems: Iterable[Problem]) -> set[str]:
    """Entries that exist in a catalog folder but were rejected before reading (a link, an
    executable file): references to them are not reported again."""
    keys = set()
    for problem in problems:
        parts = problem.file.split("/")
        if len(parts) == 3 and parts[0] == "catalog" and parts[1] in KINDS and parts[2].endswith(".yaml"):
            keys.add(f"{parts[1]}/{parts[2].removesuffix('.yaml')}")
    return keys


def identity_key(entry_id: str) -> str:
    """What two ids must not share: case-folded NFKC with look-alike letters mapped together."""
    folded = unicodedata.normalize("NFKC", entry_id).casefold()
    return folded.translate(_CONFUSABLE_DIGITS)


_CONFUSABLE_DIGITS = str.maketrans({"0": "o", "1": "l", "5": "s"})


def _duplicate_ids(
    root: Path, loaded: Mapping[str, _Loaded], names: Mapping[str, list[str]]
) -> list[Problem]:
    """Ids that collide within a kind: by file name (ids equal file names once valid)."""
    problems = []
    by_kind: dict[str, dict[str, list[str]]] = {}
    for item in loaded.values():
        by_kind.setdefault(item.source.kind, {}).setdefault(identity_key(item.source.id), []).append(
            item.source.id
        )
    for kind, listing in names.items():  # a partial run sees the neighbours' names only
        for name in listing:
            stem = name.rsplit(".", 1)[0]
            ids = by_kind.setdefault(kind, {}).setdefault(identity_key(stem), [])
            if stem not in ids:
                ids.append(stem)
    for item in loaded.values():
        same = sorted(set(by_kind[item.source.kind][identity_key(item.source.id)]) - {item.source.id})
        if same:
            others = ", ".join(f"catalog/{item.source.kind}/{other}.yaml" for other in same)
            problems.append(
                Problem(
                    item.source.file,
                    1,
                    1,
                    Level.ERROR,
                    "id-duplicate",
                    f'the id "{item.source.id}" is too similar to {others}',
                    "/id",
                    "rename one of them; ids must differ by more than case or look-alike characters",
                )
            )
    return problems


def _is_project_file(root: Path, target: Path) -> bool:
    path = Path(os.path.normpath(target if target.is_absolute() else Path.cwd() / target))
    return path.is_relative_to(root / "schema") or path == root / "mkdocs.yml"


def _select(root: Path, targets: list[Path]) -> tuple[list[CatalogFile], list[Problem]]:
    selected: list[CatalogFile] = []
    problems: list[Problem] = []
    catalog_dir = root / "catalog"
    for target in targets:
        path = target if target.is_absolute() else Path.cwd() / target
        path = Path(os.path.normpath(path))
        if not path.is_relative_to(catalog_dir):
            raise ConfigError(
                [
                    Problem(
                        relative(root, path),
                        0,
                        0,
                        Level.ERROR,
                        "usage",
                        "only files in catalog/ (or the schemas and policy, which check everything) can be named",
                        "run `catalog validate` without paths to check everything",
                    )
                ]
            )
        if not path.exists() and not path.is_symlink():
            raise ConfigError(
                [Problem(relative(root, path), 0, 0, Level.ERROR, "usage", "no such file", "check the path")]
            )
        found = classify(root, path)
        (selected if isinstance(found, CatalogFile) else problems).append(found)  # type: ignore[arg-type]
    return selected, problems


def _load_with_context(project: Project, selected: list[CatalogFile]) -> dict[str, _Loaded]:
    """Load the selected files, the entries they refer to, and solutions that refer to a
    selected contract (a contract's change can break them)."""
    root = project.root
    loaded: dict[str, _Loaded] = {}

    def add(source: CatalogFile) -> _Loaded:
        if source.file not in loaded:
            loaded[source.file] = _load(project, source)
        return loaded[source.file]

    def add_ref(kind: str, ref: Any) -> None:
        if isinstance(ref, str) and ref:
            found = (
                classify(root, root / "catalog" / kind / f"{ref}.yaml")
                if (root / "catalog" / kind / f"{ref}.yaml").exists()
                else None
            )
            if isinstance(found, CatalogFile):
                add(found)

    queue = list(selected)
    for source in selected:
        if source.kind == "contracts":
            queue += _dependents(root, source.id)
    for source in queue:
        data = add(source).data
        if data is None:
            continue
        add_ref("vendors", data.get("vendor"))
        for item in data.get("offered_under", []):
            add_ref("contracts", item.get("contract"))
        for ref in data.get("ready_solutions", []):
            add_ref("solutions", ref)
        for ref in data.get("ready_contracts", []):
            add_ref("contracts", ref)
    selected[:] = list(dict.fromkeys([*selected, *(s for s in queue if s.kind == "solutions")]))
    return loaded


def _dependents(root: Path, contract_id: str) -> list[CatalogFile]:
    """Solutions whose text mentions the contract id (confirmed once parsed)."""
    needle = contract_id.encode()
    found: list[CatalogFile] = []
    folder = root / "catalog" / "solutions"
    if not folder.is_dir():
        return found
    # Every solution file is read for a one-contract check, so this loop is kept lean: names
    # sorted as strings, and unbuffered reads (a buffered reader costs twice the time here).
    for name in sorted(os.listdir(folder)):  # noqa: PTH208  (strings sort faster than paths)
        path = folder / name
        try:
            with open(path, "rb", buffering=0, opener=_no_follow) as handle:
                if needle not in handle.read():
                    continue
        except OSError:
            continue
        item = classify(root, path)
        if isinstance(item, CatalogFile):
            found.append(item)
    return found


def _no_follow(path: str, flags: int) -> int:
    # O_NONBLOCK: a named pipe among the solutions must not stall the run waiting for a writer.
    return os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))


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
        mark = policy.locate(marks, problem.pointer)
        located.append(
            Problem(
                problem.file,
                mark.line,
                mark.column,
                problem.level,
                problem.rule,
                problem.message,
                problem.pointer,
                problem.hint,
                problem.term,
            )
        )
    return sorted(set(located))
