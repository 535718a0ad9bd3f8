"""Bad-example cases: each `fixtures/bad/<name>.case.yaml` changes the good fixture project in one
way, and `<name>.expected.txt` lists the parsable lines `catalog validate` must print for it.
A case's `args` are added to the command line, `{root}` standing for the project's folder."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import FIXTURES, make_project

BAD = FIXTURES / "bad"


@dataclass(frozen=True)
class Case:
    name: str
    spec: dict[str, object]
    expected: list[str]

    @property
    def rule(self) -> str:
        return self.name.split("--")[0]


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(BAD.glob("*.case.yaml")):
        name = path.name.removesuffix(".case.yaml")
        expected_file = BAD / f"{name}.expected.txt"
        expected = expected_file.read_text(encoding="utf-8").splitlines() if expected_file.exists() else []
        cases.append(Case(name, yaml.safe_load(path.read_text(encoding="utf-8")) or {}, expected))
    return cases


def apply_case(case: Case, dest: Path) -> Path:
    """Build the good project in `dest` and apply the case's changes to it."""
    root = make_project(dest)
    spec = case.spec
    for rel, pairs in (spec.get("replace") or {}).items():  # type: ignore[attr-defined]
        path = root / rel
        text = path.read_text(encoding="utf-8")
        for old, new in pairs:
            assert old in text, f"{case.name}: {old!r} not found in {rel}"
            text = text.replace(old, new, 1)
        path.write_text(text, encoding="utf-8")
    for rel, text in (spec.get("write") or {}).items():  # type: ignore[attr-defined]
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text, encoding="utf-8")
    for rel, text in (spec.get("write_latin1") or {}).items():  # type: ignore[attr-defined]
        (root / rel).write_bytes(text.encode("latin-1"))
    for rel, size in (spec.get("write_large") or {}).items():  # type: ignore[attr-defined]
        (root / rel).write_text("description: " + "x" * int(size) + "\n", encoding="utf-8")
    for rel in spec.get("delete") or []:  # type: ignore[attr-defined]
        (root / rel).unlink()
    for rel, target in (spec.get("symlink") or {}).items():  # type: ignore[attr-defined]
        (root / rel).symlink_to(target)
    for rel in spec.get("chmod_x") or []:  # type: ignore[attr-defined]
        (root / rel).chmod(0o755)
    for rel in spec.get("mkdir") or []:  # type: ignore[attr-defined]
        (root / rel).mkdir(parents=True)
    return root
