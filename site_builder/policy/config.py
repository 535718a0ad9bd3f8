"""The jurisdiction's terms policy (`schema/terms-policy.yaml`), read and checked once per run."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any

from .. import yamlsafe
from ..model import CLASSIFICATIONS, classification_rank
from ..problems import ConfigError, Fix, Level, Problem
from .credential_classes import AuthorizationClass, authorization_classes_of, check_credential_names
from .law import Authority, BuyerType, authorities_of, buyer_types_of, check_law

POLICY_FILE = "schema/terms-policy.yaml"


@dataclass(frozen=True)
class Waiver:
    entry: str  # "<kinds>/<id>"
    rule: str
    term: str
    approver: str
    reason: str
    granted: date
    expires: date
    index: int  # position in the policy's waivers list, for locating problems


@dataclass(frozen=True)
class Policy:
    data: Mapping[str, Any]
    file: str = POLICY_FILE
    waivers: tuple[Waiver, ...] = field(default=())
    marks: Mapping[str, yamlsafe.Mark] = field(default_factory=dict)

    def section(self, name: str) -> Mapping[str, Any]:
        return self.data.get(name) or {}

    @property
    def currency(self) -> str:
        return str(self.data["currency"])

    @property
    def version(self) -> int:
        return int(self.data["policy_version"])

    @property
    def expiry_warning_days(self) -> int:
        return int(self.data.get("expiry_warning_days", 90))

    def sets(self, section: str, key: str) -> bool:
        """Whether the policy gives `section.key` a value that asks for something (not off or empty)."""
        return self.section(section).get(key) not in (None, False, [], {})

    def level_of(self, rule_id: str, default: Level) -> Level:
        severity = self.section("severity")
        configured = (severity.get("rules") or {}).get(rule_id)
        if configured:
            return Level(configured)
        if default is Level.WARNING:
            return default
        return Level(severity.get("default", "error"))

    def by_level(self, section: str, key: str, classification: str) -> list[str]:
        """Items a `{level: [items]}` table requires for data at `classification`."""
        table: Mapping[str, list[str]] = self.section(section).get(key) or {}
        rank = classification_rank(classification)
        return [
            item
            for level in CLASSIFICATIONS
            if level in table and classification_rank(level) <= rank
            for item in table[level]
        ]

    def labels_for(self, classification: str) -> list[str]:
        return list((self.data.get("data_classification_labels") or {}).get(classification, []))

    @property
    def jurisdiction_code(self) -> str:
        return str(self.data.get("jurisdiction_code") or "")

    @cached_property
    def buyer_types(self) -> Mapping[str, BuyerType]:
        return buyer_types_of(self.data)

    @cached_property
    def authorities(self) -> Mapping[str, Authority]:
        return authorities_of(self.data)

    @cached_property
    def authorization_classes(self) -> Mapping[str, AuthorizationClass]:
        return authorization_classes_of(self.data)

    def buyer_label(self, buyer_type: str) -> str:
        found = self.buyer_types.get(buyer_type)
        return found.label if found else buyer_type.replace("_", " ")

    def law_name(self, code: str) -> str:
        """A law code with its words when the policy names it: "US-XE (State of Example)"."""
        names = self.section("governing_law").get("names") or {}
        return f"{code} ({names[code]})" if code in names else code


def load_policy(root: Path, schemas: Any) -> Policy:
    """Read and check the policy; raise ConfigError (exit code 2) naming the line at fault."""
    path = root / POLICY_FILE
    if not path.is_file():
        raise ConfigError(
            [problem_at({}, "", "the terms policy file is missing", f"create {POLICY_FILE}; see the README")]
        )
    text, problems = yamlsafe.decode(path.read_bytes(), POLICY_FILE)
    marks: dict[str, yamlsafe.Mark] = {}
    data = None
    if text is not None:
        data, problems = yamlsafe.load(text, POLICY_FILE, marks)
    if problems or data is None:
        raise ConfigError(
            problems or [problem_at(marks, "", "the terms policy is empty", "restore the file")]
        )
    findings = schemas.findings("policy", data)
    if findings:
        raise ConfigError(
            [problem_at(marks, f.pointer, f"terms policy: {f.message}", f.hint) for f in findings]
        )
    issues = [*check_law(data), *check_credential_names(data)]
    if issues:
        raise ConfigError(
            [problem_at(marks, i.pointer, f"terms policy: {i.message}", i.hint) for i in issues]
        )
    waivers = tuple(
        Waiver(
            w["entry"],
            w["rule"],
            w.get("term", ""),
            w["approver"],
            w["reason"],
            date.fromisoformat(w["granted"]),
            date.fromisoformat(w["expires"]),
            index,
        )
        for index, w in enumerate(data.get("waivers") or [])
    )
    return Policy(data, POLICY_FILE, waivers, marks)


def position_of(marks: Mapping[str, yamlsafe.Mark], pointer: str) -> yamlsafe.Mark:
    """The position of `pointer`, or of its nearest ancestor that exists in the file."""
    while pointer and pointer not in marks:
        pointer = pointer[: max(pointer.rfind("/"), 0)]
    return marks.get(pointer, yamlsafe.Mark(1, 1))


def problem_at(
    marks: Mapping[str, yamlsafe.Mark], pointer: str, message: str, hint: str, fix: Fix | None = None
) -> Problem:
    """A configuration problem in the policy file, at `pointer` (line 0 when there is no file).

    Waivers and severities naming unknown rules are checked by `site_builder.rules`, which
    knows the rules; the policy itself does not, so reading it never imports them."""
    mark = position_of(marks, pointer) if marks else yamlsafe.Mark(0, 0)
    return Problem(
        POLICY_FILE,
        mark.line,
        mark.column,
        Level.ERROR,
        "policy",
        message,
        pointer=pointer,
        hint=hint,
        fix=fix,
    )
