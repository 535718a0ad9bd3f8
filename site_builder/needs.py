"""What the terms policy asks of a new solution, for the choices that decide it, asked of the rules.

The policy's requirements depend on a solution's category, risk tier and data (and on the
contract's terms). Rather than a second table of them, a solution with those choices and nothing
else is made up and checked by the rules themselves, under a real contract: their findings, with
the fixes they name (the override at the policy's limit) and the fields they ask for (an
accessibility report, a credential, an agreement), are what the policy asks. The scaffold and the
contribute page read them, so a rule or a policy value changed is at once what they ask for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import terms, yamltext
from .model import Catalog, Contract, build_entry
from .policy import Policy
from .problems import Problem
from .requirements import term_direction
from .rules import run
from .schemawalk import example, resolve

SOLUTION_SCHEMA = "solution.schema.json"
CONTRACT_SCHEMA = "contract.schema.json"
MAX_PASSES = 4
# The solution fields whose values the policy's requirements depend on, as dotted paths.
CHOICE_FIELDS = ("category", "risk_tier", "data.max_classification")
REGULATED_FIELD = "data.regulated"


@dataclass(frozen=True)
class Choices:
    category: str
    risk_tier: str
    classification: str
    regulated: tuple[str, ...] = ()

    def as_data(self) -> dict[str, Any]:
        data: dict[str, Any] = {"max_classification": self.classification}
        if self.regulated:
            data["regulated"] = list(self.regulated)
        return {"category": self.category, "risk_tier": self.risk_tier, "data": data}


def allowed_values(schemas: Mapping[str, Any], dotted: str) -> list[str]:
    """The values the solution schema allows for a field (an enum, or a list's item enum)."""
    node, base = resolve(schemas, schemas[SOLUTION_SCHEMA], SOLUTION_SCHEMA)
    for part in dotted.split("."):
        node, base = resolve(schemas, (node.get("properties") or {})[part], base)
    if node.get("type") == "array":
        node, base = resolve(schemas, node.get("items") or {}, base)
    return [str(value) for value in node.get("enum", [])]


def every_choice(schemas: Mapping[str, Any]) -> list[Choices]:
    """Every combination of category, risk tier and data classification the schema allows."""
    categories, tiers, levels = (allowed_values(schemas, field) for field in CHOICE_FIELDS)
    return [Choices(c, t, level) for c in categories for t in tiers for level in levels]


def solution_needs(
    policy: Policy,
    schemas: Mapping[str, Any],
    today: date,
    contracts: Sequence[Contract],
    choices: Sequence[Choices],
    vendor: str = "vendor",
    *,
    fixes_only: bool = False,
) -> dict[Choices, list[Problem]]:
    """For each of `choices`, the findings of the terms rules on a solution with those choices
    offered under every one of `contracts`, and nothing else stated; one check for all.
    `fixes_only`: only the findings that carry a fix are wanted (the others may be missing)."""
    catalog = Catalog(today)
    catalog.contracts = {contract.id: contract for contract in contracts}
    skeleton = example(schemas, schemas[SOLUTION_SCHEMA], SOLUTION_SCHEMA, today)
    files: dict[str, Choices] = {}
    for index, chosen in enumerate(choices):
        entry_id = f"needs-{index}"
        data = {
            **skeleton,
            **chosen.as_data(),
            "id": entry_id,
            "vendor": vendor,
            "offered_under": [{"contract": contract.id} for contract in contracts]
            or skeleton["offered_under"],
        }
        file = f"catalog/solutions/{entry_id}.yaml"
        files[file] = chosen
        solution = build_entry("solutions", file, data, today, policy.expiry_warning_days, catalog.contracts)
        catalog.solutions[entry_id] = solution  # type: ignore[assignment]
    found: dict[Choices, list[Problem]] = {chosen: [] for chosen in choices}
    for problem in _terms_findings(catalog, policy, fixes_only):
        if problem.file in files:
            found[files[problem.file]].append(problem)
    return found


def _terms_findings(catalog: Catalog, policy: Policy, fixes_only: bool = False) -> list[Problem]:
    return run(catalog, policy, family="terms", fixes_only=fixes_only)


def contract_needs(
    policy: Policy, schemas: Mapping[str, Any], today: date, choices: Mapping[str, Any]
) -> list[Problem]:
    """The terms rules' findings on a contract with `choices` (e.g. who awarded it) and terms
    made only of what those findings fixed: each pass writes the values the last one named
    (an indemnity included, then uncapped), until nothing new is named."""
    return _contract_passes(policy, schemas, today, choices)[0]


def minimal_contract(policy: Policy, schemas: Mapping[str, Any], today: date) -> Contract:
    """A contract of this jurisdiction stating only what the policy asks of every contract."""
    data = _contract_passes(policy, schemas, today, {})[1]
    return build_entry("contracts", "catalog/contracts/needs.yaml", data, today, 0)  # type: ignore[return-value]


def _contract_passes(
    policy: Policy, schemas: Mapping[str, Any], today: date, choices: Mapping[str, Any]
) -> tuple[list[Problem], dict[str, Any]]:
    skeleton = example(schemas, schemas[CONTRACT_SCHEMA], CONTRACT_SCHEMA, today)
    data: dict[str, Any] = {**skeleton, **choices, "id": "needs", "terms": {}}
    found: dict[tuple[str, str], Problem] = {}
    for _ in range(MAX_PASSES):
        catalog = Catalog(today)
        contract = build_entry("contracts", "catalog/contracts/needs.yaml", data, today, 0)
        catalog.contracts = {"needs": contract}  # type: ignore[dict-item]
        new = [p for p in _terms_findings(catalog, policy) if p.file == contract.file]
        named = [c for p in new if p.fix is not None for c in p.fix.changes if c.path.startswith("/terms/")]
        for problem in new:
            found.setdefault((problem.rule, problem.pointer), problem)
        if not named:
            break
        for change in named:
            write(data, change.path, change.value, add=change.op == "add")
    return list(found.values()), data


def regulated_needs(
    policy: Policy, schemas: Mapping[str, Any], today: date, contract: Contract, kind: str
) -> list[Problem]:
    """What holding one kind of regulated data adds to what a solution needs."""
    plain = every_choice(schemas)[0]
    with_kind = Choices(plain.category, plain.risk_tier, plain.classification, (kind,))
    found = solution_needs(policy, schemas, today, [contract], [plain, with_kind])
    before = {(p.rule, p.message) for p in found[plain]}
    return [p for p in found[with_kind] if (p.rule, p.message) not in before]


def write(data: dict[str, Any], pointer: str, value: Any, *, add: bool = False) -> None:
    """Set (or append to a list) at `pointer` in plain data, making the mappings on the way."""
    parts = pointer.split("/")[1:]
    node = data
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    if add:
        node.setdefault(parts[-1], [])
        if value not in node[parts[-1]]:
            node[parts[-1]].append(value)
    else:
        node[parts[-1]] = value


def minimum_words(pointer: str, value: Any, currency: str) -> str:
    """What a fix's value asks for, in words that say which way is allowed: "at most 24 h",
    "at least $5M", "A- VII or better", "including data breach"; for a field outside the
    terms, the value itself."""
    parts = pointer.split("/")[2:] if pointer.startswith(("/terms/", "/terms_overrides/")) else []
    path = ".".join(parts)
    literal = isinstance(value, bool) or not path
    shown = yamltext.scalar(value) if literal else terms.format_value(path, value, currency)
    if isinstance(value, Mapping):
        return ", ".join(
            f"{key.replace('_', ' ')} {minimum_words(pointer + '/' + key, v, currency)}"
            for key, v in value.items()
        )
    direction = term_direction(path) if path else None
    return {
        "higher": f"at least {shown}",
        "lower": f"at most {shown}",
        "ladder": f"{shown} or better",
        "more": f"including {shown}",
        "fewer": f"within {shown}",
    }.get(direction or "", shown)
