"""The shape of the package: a core of plain modules without import cycles, independent of mkdocs
and click, and thin edges (the CLI, the mkdocs plugin and its build driver) that nothing imports.

The import graph is read from the source with `ast`, every import counted (also those inside
functions: a lazy import still ties two modules together), except those under `if TYPE_CHECKING:`,
which never run.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import REPO

PACKAGE = REPO / "site_builder"
# Edge module → the only modules allowed to import it (the mkdocs entry point loads the plugin).
EDGES = {
    "site_builder.cli": {"site_builder.__main__"},
    "site_builder.build": {"site_builder.cli"},
    "site_builder.plugin": {"site_builder.build", "site_builder.preview"},
    # The live preview's session: mkdocs' page pass for single pages, run by `catalog serve`.
    "site_builder.preview": {"site_builder.build"},
    # `catalog serve`'s web server, imported only when serving.
    "site_builder.preview_server": {"site_builder.build"},
    "site_builder.__main__": set(),
}
# Third-party packages only an edge may import.
FRAMEWORKS = {"click", "mkdocs", "material"}
ALLOWED_FRAMEWORKS = {
    "site_builder.cli": {"click", "mkdocs", "material"},
    "site_builder.plugin": {"mkdocs", "material"},
    "site_builder.build": {"mkdocs", "material"},
    "site_builder.preview": {"mkdocs"},
    "site_builder.preview_server": {"mkdocs"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except the bodies of `if TYPE_CHECKING:` blocks."""
    for node in ast.iter_child_nodes(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            yield from (n for child in node.orelse for n in [child, *_runtime_nodes(child)])
            continue
        yield node
        yield from _runtime_nodes(node)


def imports(name: str) -> tuple[set[str], set[str]]:
    """(modules of the package, third-party top-level packages) that module `name` imports."""
    path = MODULES[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    own: set[str] = set()
    foreign: set[str] = set()
    for node in _runtime_nodes(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                _add(alias.name, own, foreign)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, *([node.module] if node.module else [])])
            for alias in node.names:
                child = f"{base}.{alias.name}"
                _add(child if child in MODULES else base, own, foreign)
    own.discard(name)
    return own, foreign


def _add(target: str, own: set[str], foreign: set[str]) -> None:
    if target == "site_builder" or target.startswith("site_builder."):
        while target not in MODULES:  # `import site_builder.x.y` names the module x.y
            target = target.rpartition(".")[0]
        own.add(target)
    else:
        foreign.add(target.split(".")[0])


GRAPH = {name: imports(name) for name in MODULES}


def test_the_graph_sees_every_form_of_import() -> None:
    """The reader itself: absolute, relative, parent-relative and lazy imports all count."""
    assert "site_builder.cli" in GRAPH["site_builder.__main__"][0]  # import site_builder.cli …
    assert "site_builder.plugin" in GRAPH["site_builder.build"][0]  # from .plugin import …
    assert "site_builder.build" in GRAPH["site_builder.cli"][0]  # lazy, inside a command
    assert "site_builder.yamlsafe" in GRAPH["site_builder.policy.config"][0]  # from .. import yamlsafe
    assert "site_builder.policy.findings" in GRAPH["site_builder.rules.reference"][0]
    assert "site_builder.model" not in GRAPH["site_builder.rulebook"][0]  # only under TYPE_CHECKING


@pytest.mark.parametrize(
    "source",
    [
        "import site_builder.cli",
        "import site_builder.plugin as p",
        "from site_builder import cli",
        "from site_builder.plugin import CatalogPlugin",
        "from . import cli",
        "from .plugin import CatalogPlugin",
        "from .. import plugin",
        "from ..build import build_site",
        "def f():\n    from ..cli import main",
    ],
)
def test_every_way_of_importing_an_edge_is_caught(source: str, tmp_path: Path) -> None:
    # as a module of the package itself, or of a sub-package for the parent-relative forms
    name = "site_builder.render._probe_edge" if ".." in source else "site_builder._probe_edge"
    MODULES[name] = tmp_path / "_probe_edge.py"
    try:
        MODULES[name].write_text(source + "\n", encoding="utf-8")
        found, _ = imports(name)
    finally:
        del MODULES[name]
    assert found & set(EDGES), f"{source!r} not seen as importing an edge"


def test_nothing_imports_the_edges() -> None:
    for name, (own, _) in GRAPH.items():
        for edge in own & set(EDGES):
            assert name in EDGES[edge], f"{name} imports the edge {edge}"


def test_only_edges_import_mkdocs_and_click() -> None:
    for name, (_, foreign) in GRAPH.items():
        forbidden = (FRAMEWORKS - ALLOWED_FRAMEWORKS.get(name, set())) & foreign
        assert not forbidden, f"{name} imports {sorted(forbidden)}"


def test_no_import_cycles_among_core_modules() -> None:
    core = {name: own - set(EDGES) for name, (own, _) in GRAPH.items() if name not in EDGES}
    # A package's __init__ importing its own modules, which import the package back for a name,
    # is how Python packages work; only cycles between distinct modules count.
    state: dict[str, int] = {}  # 1 visiting, 2 done
    stack: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        stack.append(name)
        for target in sorted(core.get(name, ())):
            if target not in core:
                continue
            if state.get(target) == 1:
                cycle = [*stack[stack.index(target) :], target]
                if not _package_and_its_child(cycle):
                    pytest.fail("import cycle: " + " → ".join(cycle))
            elif target not in state:
                visit(target)
        stack.pop()
        state[name] = 2

    for name in sorted(core):
        if name not in state:
            visit(name)


def _package_and_its_child(cycle: list[str]) -> bool:
    """`pkg` → `pkg.mod` → `pkg` (mod reads a constant of its package): no cycle of modules."""
    return len(cycle) == 3 and cycle[1].startswith(cycle[0] + ".")


def test_the_rules_and_the_policy_do_not_import_each_other_both_ways() -> None:
    policy_modules = [name for name in GRAPH if name.startswith("site_builder.policy")]
    for name in policy_modules:
        assert not {n for n in GRAPH[name][0] if n.startswith("site_builder.rules")}, name


def _code_lines(path: Path) -> list[int]:
    """Numbers of the lines that are code: not blank, not comments, not docstrings."""
    source = path.read_text(encoding="utf-8")
    documentation: set[int] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef) and ast.get_docstring(node):
            first = node.body[0]
            documentation.update(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    return [
        number
        for number, line in enumerate(source.splitlines(), 1)
        if line.strip() and not line.strip().startswith("#") and number not in documentation
    ]


def test_the_plugin_only_translates_events_into_build_calls() -> None:
    """Everything the build does lives in sitebuild.py; the plugin maps mkdocs' events onto it."""
    path = MODULES["site_builder.plugin"]
    assert len(_code_lines(path)) <= 110, "the plugin grows: move the logic into sitebuild.py"
    own, _ = GRAPH["site_builder.plugin"]
    assert own <= {"site_builder.sitebuild", "site_builder.pipeline"}, own
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            body = [n for n in _code_lines(path) if node.lineno < n <= (node.end_lineno or 0)]
            assert len(body) <= 14, f"plugin.{node.name} has {len(body)} lines: translate, do not compute"
        assert not isinstance(node, ast.While), "the plugin has a loop of its own"


def test_the_build_driver_uses_only_the_plugins_public_interface() -> None:
    """build.py sets options through mkdocs' plugin API and hands its check over through `reuse`."""
    tree = ast.parse(MODULES["site_builder.build"].read_text(encoding="utf-8"))
    used = {
        node.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "plugin"
    }
    assert used <= {"reuse", "load_config", "config"}, used


def test_no_state_passes_through_the_environment() -> None:
    """Options reach the build as declared plugin options, never as environment variables."""
    for name in ("site_builder.plugin", "site_builder.sitebuild", "site_builder.parallel"):
        text = MODULES[name].read_text(encoding="utf-8")
        assert "os.environ" not in text, name
        assert "getenv" not in text, name
    build = MODULES["site_builder.build"].read_text(encoding="utf-8")
    # Only what mkdocs itself reads from the environment: the date it stamps and its 2.0 notice.
    assert set(re.findall(r'environ(?:\.get|\.pop|\.setdefault)?\(?\[?"([A-Z_0-9]+)"', build)) <= {
        "SOURCE_DATE_EPOCH",
        "NO_MKDOCS_2_WARNING",
    }
