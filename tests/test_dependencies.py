"""Reproducible dependencies: bounded ranges in pyproject.toml, the exact versions in
constraints.txt, and every install (./dev, CI, the workflows) made with those pins."""

from __future__ import annotations

import os
import shutil
import subprocess
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from conftest import REPO

PROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
REQUIREMENTS = [
    Requirement(text) for text in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["test"]
]


def pins() -> dict[str, Version]:
    found: dict[str, Version] = {}
    for line in (REPO / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            name, equals, pinned = line.partition("==")
            assert equals, f"constraints.txt: {line!r} is not an exact pin"
            found[canonicalize_name(name)] = Version(pinned)
    return found


def test_every_dependency_has_an_upper_bound_below_its_next_breaking_release() -> None:
    for requirement in REQUIREMENTS:
        uppers = [Version(s.version) for s in requirement.specifier if s.operator == "<"]
        assert uppers, f"{requirement} has no upper bound"
        lowers = [Version(s.version) for s in requirement.specifier if s.operator == ">="]
        assert lowers, f"{requirement} has no lower bound"
        if lowers[0].major == 0:  # 0.x: any minor release may break
            assert uppers[0].major == 0, f"{requirement}: a 0.x package needs a 0.x upper bound"


def test_every_dependency_is_pinned_within_its_range() -> None:
    pinned = pins()
    for requirement in REQUIREMENTS:
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in constraints.txt"
        assert pinned[name] in requirement.specifier, f"{name}=={pinned[name]} is outside {requirement}"


def test_the_tests_run_on_the_pinned_versions() -> None:
    """./dev installs with the constraints: what runs here is what constraints.txt says."""
    for name, pinned in pins().items():
        try:
            installed = version(name)
        except PackageNotFoundError:
            continue  # a pin for another platform's dependency
        assert Version(installed) == pinned, f"{name} {installed} is installed, constraints.txt pins {pinned}"


def test_every_install_uses_the_constraints() -> None:
    dev = (REPO / "dev").read_text(encoding="utf-8")
    installs = [line.strip() for line in dev.splitlines() if "pip install" in line]
    project_installs = [line for line in installs if "$scratch" not in line]  # ./dev lock resolves afresh
    assert len(project_installs) >= 2
    assert all("-c constraints.txt" in line for line in project_installs), project_installs
    for workflow in (REPO / ".github/workflows").glob("*.yml"):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "pip install" in line:
                assert "-c constraints.txt" in line, f"{workflow.name}: {line.strip()}"
    assert "./dev test" in (REPO / ".ci/run").read_text(encoding="utf-8")


def _fake_checkout(root: Path) -> Path:
    """The dev script, pyproject.toml and constraints.txt, with a .venv whose python and catalog
    only record how they were called: enough to see when ./dev installs."""
    root.mkdir()
    for name in ("dev", "pyproject.toml", "constraints.txt"):
        shutil.copy2(REPO / name, root / name)
    bin_dir = root / ".venv/bin"
    bin_dir.mkdir(parents=True)
    log = root / "calls.log"
    (bin_dir / "python").write_text(
        f'#!/bin/sh\nif [ "$1" = --version ]; then echo "Python 3.11.7"; exit 0; fi\n'
        'if [ "$*" = "-m pip --version" ]; then echo "pip 24.0"; exit 0; fi\n'
        f'echo "$*" >> {log}\n',
        encoding="utf-8",
    )
    (bin_dir / "catalog").write_text("#!/bin/sh\nexit 0\n", encoding="utf-8")
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    return log


def _installs(root: Path, log: Path) -> list[str]:
    before = log.read_text(encoding="utf-8").splitlines() if log.exists() else []
    done = subprocess.run(
        ["./dev", "site"], cwd=root, capture_output=True, text=True, check=False, timeout=60,
        env={**os.environ, "NO_COLOR": "1"},
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return log.read_text(encoding="utf-8").splitlines()[len(before) :] if log.exists() else []


def test_dev_reinstalls_when_the_pins_change_and_only_then(tmp_path: Path) -> None:
    root = tmp_path / "checkout"
    log = _fake_checkout(root)
    first = _installs(root, log)
    assert first == [
        "-m pip install -q -c constraints.txt --upgrade pip",
        "-m pip install -q -c constraints.txt -e .",
    ]
    assert _installs(root, log) == []  # nothing changed, nothing installed
    constraints = root / "constraints.txt"
    constraints.write_text(constraints.read_text(encoding="utf-8") + "example-package==1.0\n", "utf-8")
    assert _installs(root, log) == first  # the pins changed: installed again, with them
    assert _installs(root, log) == []
    (root / "pyproject.toml").write_text((root / "pyproject.toml").read_text("utf-8") + "\n", "utf-8")
    assert _installs(root, log) == first  # so does a change of the ranges
