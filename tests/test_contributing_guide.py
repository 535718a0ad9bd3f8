"""CONTRIBUTING.md, tried step by step: every command of its console blocks is run in order on a
copy of the demo, with the files the guide shows written where it says, and prints exactly what
the guide shows. The guide cannot drift from the tools."""

from __future__ import annotations

import re
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import REPO, make_project

GUIDE = REPO / "CONTRIBUTING.md"
BLOCK = re.compile(
    r"(?:<!-- guide: (?P<directive>[^>]*?) -->\n)?```(?P<lang>\w+)\n(?P<body>.*?)```", re.DOTALL
)


@dataclass
class Step:
    command: str
    expected: str


def blocks() -> list[tuple[str, str, str]]:
    return [(m["directive"] or "", m["lang"], m["body"]) for m in BLOCK.finditer(GUIDE.read_text("utf-8"))]


def steps(body: str) -> list[Step]:
    found: list[Step] = []
    for line in body.splitlines():
        if line.startswith("$ "):
            found.append(Step(line[2:].split(" # ")[0].strip(), ""))
        else:
            assert found, f"output before any command in:\n{body}"
            found[-1].expected += line + "\n"
    return found


def dev_commands() -> set[str]:
    return set(re.findall(r"^  ([a-z]+)\)$", (REPO / "dev").read_text("utf-8"), re.MULTILINE))


def test_every_console_block_is_run_or_says_why_not() -> None:
    for directive, lang, body in blocks():
        if lang == "console":
            assert body.startswith("$ "), body
            assert not directive or directive.startswith("skip ("), directive


def test_the_guide_runs_as_written(tmp_path: Path, run_cli: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    project = make_project(tmp_path / "catalog", demo=True)
    monkeypatch.chdir(project)
    ran = 0
    for directive, lang, body in blocks():
        if directive.startswith("file "):
            assert lang == "yaml"
            (project / directive.removeprefix("file ")).write_text(body, encoding="utf-8")
            continue
        if lang != "console" or directive.startswith("skip"):
            continue
        for step in steps(body):
            words = shlex.split(step.command)
            if words[0] == "./dev":
                # Not run here (it installs): the subcommand exists and prints what the guide shows.
                assert words[1] in dev_commands(), step.command
                dev = (REPO / "dev").read_text("utf-8")
                for line in step.expected.splitlines():
                    assert f'say "{line.removeprefix("==> ")}"' in dev, line
                continue
            if words[:2] == [".", ".venv/bin/activate"]:
                # What `./dev setup` makes: a virtual environment whose bin/ holds the command.
                assert (Path(sys.executable).parent / "catalog").is_file()
                assert (Path(sys.executable).parent / "activate").is_file()
                continue
            assert words[0] == "catalog", f"the guide runs an unknown command: {step.command}"
            result = run_cli(*words[1:])
            printed = result.output + result.stderr
            assert printed.rstrip("\n") == step.expected.rstrip("\n"), f"$ {step.command}\n{printed}"
            ran += 1
    assert ran >= 8


def test_the_guide_sets_up_the_path_its_hints_assume() -> None:
    """The tools' hints say `catalog …`: the guide puts it on PATH before its first use."""
    text = GUIDE.read_text("utf-8")
    assert "python -m pip install" not in text  # refused on Debian (externally managed)
    assert text.index("$ ./dev setup") < text.index("$ . .venv/bin/activate") < text.index("$ catalog ")
