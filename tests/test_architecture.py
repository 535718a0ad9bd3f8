"""The core stays independent of mkdocs and click: only the edges import them."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import REPO

PACKAGE = REPO / "site_builder"
EDGES = {
    "cli.py": {"click", "mkdocs", "material"},
    "plugin.py": {"mkdocs", "material"},
    "build.py": {"mkdocs", "material"},
}


def imported_roots(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def test_only_edges_import_mkdocs_and_click() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        allowed = EDGES.get(path.name, set()) if path.parent == PACKAGE else set()
        forbidden = ({"click", "mkdocs", "material"} - allowed) & imported_roots(path)
        assert not forbidden, f"{path.relative_to(REPO)} imports {sorted(forbidden)}"


def test_nothing_imports_the_edges() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        for edge in ("cli", "plugin"):
            # build.py is the mkdocs adapter's other half: it runs mkdocs with the plugin
            if path.name == f"{edge}.py" or (path.name, edge) in {
                ("__main__.py", "cli"),
                ("build.py", "plugin"),
            }:
                continue
            assert f"site_builder.{edge} import" not in source, f"{path.relative_to(REPO)} imports {edge}"
            assert f"from .{edge} import" not in source, f"{path.relative_to(REPO)} imports {edge}"
