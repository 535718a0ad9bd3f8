"""The good fixture validates clean; every bad case fails with exactly the problems it expects.

Each `fixtures/bad/<rule>[--variant].case.yaml` changes the good project in one way; its
`.expected.txt` lists parsable lines, matched as substrings (` … ` stands for any text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from site_builder.rules import RULES

from cases import Case, apply_case, load_cases

CASES = load_cases()


def _matches(expected: str, line: str) -> bool:
    position = 0
    for part in expected.split(" … "):
        found = line.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def test_good_fixture_is_clean(project: Path, run_cli) -> None:
    result = run_cli("-C", project, "validate", "--format", "parsable")
    assert result.exit_code == 0, result.output
    assert result.output == ""


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_case(case: Case, tmp_path: Path, run_cli) -> None:
    root = apply_case(case, tmp_path / "project")
    extra = [str(arg).replace("{root}", str(root)) for arg in case.spec.get("args") or []]  # type: ignore[attr-defined]
    result = run_cli("-C", root, "validate", "--format", "parsable", *extra)
    lines = result.output.splitlines()
    assert case.expected, f"{case.name} has no expected lines"
    for expected in case.expected:
        assert any(_matches(expected, line) for line in lines), f"missing {expected!r} in:\n{result.output}"
    for line in lines:  # nothing unexpected either
        assert any(_matches(expected, line) for expected in case.expected), f"unexpected {line!r}"
    has_error = any("[error]" in e for e in case.expected)
    assert result.exit_code == (1 if has_error else 0), result.output


def test_every_rule_has_a_bad_case() -> None:
    covered = {case.rule for case in CASES}
    missing = sorted(set(RULES) - covered)
    assert not missing, f"rules without a fixtures/bad/<rule>.case.yaml: {missing}"


def test_every_bad_case_names_its_rule() -> None:
    for case in CASES:
        assert any(f"({case.rule})" in line for line in case.expected), case.name


def test_json_problems_carry_pointer_and_position(tmp_path: Path, run_cli) -> None:
    case = next(c for c in CASES if c.name == "breach-notification")
    root = apply_case(case, tmp_path / "project")
    result = run_cli("-C", root, "validate", "--format", "json")
    problems = json.loads(result.output)
    assert problems == [
        {
            "file": "catalog/solutions/acme-case-manager.yaml",
            "line": 5,
            "column": 6,
            "level": "error",
            "rule": "breach-notification",
            "message": problems[0]["message"],
            "pointer": "/offered_under/0/contract",
            "hint": problems[0]["hint"],
            "fix": problems[0]["fix"],
        }
    ]
    assert "72 h" in problems[0]["message"]
    assert problems[0]["fix"]["changes"][0]["path"] == (
        "/terms_overrides/data_protection/breach_notification/confirmed_breach_hours"
    )
