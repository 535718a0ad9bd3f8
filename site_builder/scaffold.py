"""`catalog new`: a new entry file with every required field laid out and explained.

The comments are the schemas' own descriptions, so they stay in step with what validation checks.
Values the contributor must supply are `FILL IN: …` placeholders that `catalog validate` reports
until each is replaced; optional fields worth filling are shown commented out. What the terms
policy will require is laid out as required, with the limit it must meet, for the choices given:
a solution's category, risk tier and data (and contracts), a contract's awarding government
(see entryplan.py and needs.py, which ask the rules themselves).
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlsafe
from .advice import closest
from .discover import read_bytes, windows_reserved
from .entryplan import Draft, add_contract_minimums, add_solution_needs
from .entrytext import PLURAL, render
from .identity import identity_key
from .model import SINGULAR, Contract
from .needs import CHOICE_FIELDS, REGULATED_FIELD, Choices, allowed_values, contract_needs, solution_needs
from .pipeline import Project, as_of_date, check, open_project
from .policy import POLICY_FILE, Policy
from .rules import RULES


class ScaffoldError(Exception):
    """The entry cannot be created as asked; the message says why and what to do."""


@dataclass(frozen=True)
class Request:
    """What `catalog new` was asked for; the choices apply to the kinds their options name."""

    kind: str
    entry_id: str
    vendor: str | None = None
    contracts: tuple[str, ...] = ()
    name: str | None = None
    category: str | None = None
    risk_tier: str | None = None
    data: str | None = None  # the highest data classification
    regulated: tuple[str, ...] = ()
    jurisdiction: str | None = None  # who awarded a contract, when not this jurisdiction
    vehicle: str | None = None  # the vehicle an award is made under


def new_entry(
    root: Path,
    kind: str,
    entry_id: str,
    *,
    vendor: str | None = None,
    contract: str | Sequence[str] | None = None,
    name: str | None = None,
    **choices: Any,
) -> Path:
    """Write `catalog/<kinds>/<entry_id>.yaml` and return its path; never overwrite anything."""
    contracts = (contract,) if isinstance(contract, str) else tuple(contract or ())
    return create(root, Request(kind, entry_id, vendor, contracts, name, **choices))


def create(root: Path, request: Request, command: str = "catalog") -> Path:
    kind, entry_id = request.kind, request.entry_id
    if kind not in PLURAL:
        raise ScaffoldError(f'unknown kind "{kind}"; use one of: {", ".join(PLURAL)}')
    _check_options(request)
    if not (root / "catalog").is_dir():
        raise ScaffoldError(
            f"there is no catalog/ folder in {root}; run it in the project folder or pass -C DIR"
        )
    project = open_project(root)
    id_schema = project.schemas.by_file["common.schema.json"]["$defs"]["id"]
    _check_id(entry_id, kind, id_schema)
    folder = root / "catalog" / PLURAL[kind]
    _refuse_existing(folder, entry_id, kind)
    draft = Draft()
    draft.values["id"] = entry_id
    if request.name is not None:
        name = request.name
        if not name.strip() or "\n" in name or "\r" in name or any(yamlsafe.find_invisible(name)):
            raise ScaffoldError("--name must be a single line of visible text")
        draft.values["title" if kind in {"contract", "scenario", "vehicle"} else "name"] = name.strip()
    if request.vendor is not None:
        _check_id(request.vendor, "vendor", id_schema)
        _require(root, "vendors", request.vendor, command)
        draft.values["vendor"] = request.vendor
    for contract_id in request.contracts:
        _check_id(contract_id, "contract", id_schema)
        lots = _lots(_require(root, "contracts", contract_id, command))
        if lots:
            draft.note("offered_under.lots", f"Lots of contract {contract_id}: " + ", ".join(lots) + ".")
    if request.contracts:
        draft.items["offered_under"] = [{"contract": contract_id} for contract_id in request.contracts]
    for field, words in _law_notes(project.policy, kind).items():
        draft.note(field, words)
    if kind == "solution":
        _plan_solution(root, project, request, draft, command)
    elif kind == "contract" and request.vehicle is not None:
        _plan_award(root, request.vehicle, draft, command)
    elif kind in {"contract", "vehicle"}:
        _plan_contract(project, request, draft)
    text = render(project.schemas.by_file, kind, draft.plan(), command)
    folder.mkdir(exist_ok=True)
    path = folder / f"{entry_id}.yaml"
    try:  # exclusive create: an entry written meanwhile is never overwritten
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644)
    except FileExistsError:
        raise ScaffoldError(
            f"catalog/{PLURAL[kind]}/{entry_id}.yaml already exists; nothing was written"
        ) from None
    with os.fdopen(descriptor, "w", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return path


def _check_options(request: Request) -> None:
    applies = {
        "--vendor": (request.vendor is not None, {"contract", "solution"}),
        "--contract": (bool(request.contracts), {"solution"}),
        "--category": (request.category is not None, {"solution"}),
        "--risk-tier": (request.risk_tier is not None, {"solution"}),
        "--data": (request.data is not None, {"solution"}),
        "--regulated": (bool(request.regulated), {"solution"}),
        "--jurisdiction": (request.jurisdiction is not None, {"contract", "vehicle"}),
        "--vehicle": (request.vehicle is not None, {"contract"}),
    }
    for option, (given, kinds) in applies.items():
        if given and request.kind not in kinds:
            raise ScaffoldError(f"{option} applies only to a {' or a '.join(sorted(kinds))}")


def _choice(schemas: Mapping[str, Any], field: str, option: str, value: str) -> str:
    allowed = allowed_values(schemas, field)
    if value in allowed:
        return value
    guess = closest(value, allowed)
    maybe = f'did you mean "{guess}"? ' if guess else ""
    raise ScaffoldError(f'{option} "{value}" is not allowed; {maybe}use one of: {", ".join(allowed)}')


def _plan_solution(root: Path, project: Project, request: Request, draft: Draft, command: str) -> None:
    schemas = project.schemas.by_file
    given = dict(zip(CHOICE_FIELDS, (request.category, request.risk_tier, request.data), strict=True))
    options = dict(zip(CHOICE_FIELDS, ("--category", "--risk-tier", "--data"), strict=True))
    for field, value in given.items():
        if value is not None:
            draft.values[field] = _choice(schemas, field, options[field], value)
    regulated = tuple(_choice(schemas, REGULATED_FIELD, "--regulated", r) for r in request.regulated)
    if regulated:
        draft.values[REGULATED_FIELD] = list(regulated)
    if any(value is None for value in given.values()):
        draft.header.append(
            "To have what the terms policy requires laid out here, with the limit each value must meet, "
            f"give the choices it depends on: `{command} new solution ID --vendor V --contract C "
            "--category … --risk-tier … --data …` (and `--regulated …` for regulated data)."
        )
        return
    chosen = Choices(
        draft.values["category"], draft.values["risk_tier"], draft.values[CHOICE_FIELDS[2]], regulated
    )
    contracts = _contracts(root, request.contracts, project, command)
    needs = solution_needs(project.policy, schemas, as_of_date(), contracts, [chosen])[chosen]
    add_solution_needs(draft, needs, project.policy.currency)
    _plan_provenance(project.policy, draft, overrides=any(p.fix for p in needs))
    regulated_words = f" that may include {', '.join(regulated)}" if regulated else ""
    under = f" under {', '.join(request.contracts)}" if request.contracts else ""
    draft.header.append(
        f"Laid out for a {chosen.risk_tier}-risk {chosen.category.replace('_', ' ')} solution holding "
        f"{chosen.classification} data{regulated_words}{under}: every field the terms policy ({POLICY_FILE}) "
        "requires for these choices is written out as required, with the limit it must meet"
        + (
            "; the overrides under terms_overrides are what the contract lacks for them"
            if any(p.fix for p in needs)
            else ""
        )
        + "."
    )
    if needs and not request.contracts:
        draft.header.append("Name the contract with --contract to see the overrides its terms need.")


def _plan_provenance(policy: Policy, draft: Draft, *, overrides: bool) -> None:
    """The records the policy's provenance section asks of a solution: its approval for the
    catalog, and the signed instrument behind overrides the contract needs."""
    if policy.sets("provenance", "solution_approval_required"):
        draft.wanted.add("catalog_approval")  # its schema lays out the fields it requires
        draft.note(
            "catalog_approval",
            f"The terms policy ({POLICY_FILE}) requires the catalog approval: who approved the "
            "solution, when, and the security review it relied on.",
        )
    if overrides and policy.sets("provenance", "tightenings_signed"):
        draft.wanted.add("instruments")
        draft.note(
            "instruments",
            f"The terms policy ({POLICY_FILE}) requires every override to be signed: name the amendment, "
            "rider or task-order clause, with the overridden terms in `covers`.",
        )


def _plan_award(root: Path, vehicle: str, draft: Draft, command: str) -> None:
    """An award under a vehicle: it takes the vehicle's type, authority, lots, period and terms,
    and states only its own number, the lots it won and the terms it tightens."""
    lots = _lots(_require(root, "vehicles", vehicle, command))
    draft.values["vehicle"] = vehicle
    if lots:  # all of them when left out, so it is laid out only where there is a choice
        draft.wanted.add("lots_awarded")
        draft.note("lots_awarded", f"Lots of vehicle {vehicle}: " + ", ".join(lots) + ".")
    draft.note(
        "vehicle",
        f'The award takes vehicle "{vehicle}"\'s type, authority, lots, period and common terms. Under '
        "`terms`, state only the terms this award tightens (a shorter breach notice, more insurance), "
        "each covered by a signed instrument under `instruments`; an award that loosens a common term "
        "is an error.",
    )


def _plan_contract(project: Project, request: Request, draft: Draft) -> None:
    draft.wanted |= _policy_terms(project.policy)
    if request.kind == "contract":
        # A stand-alone contract states what an award takes from its vehicle (the schema's `else`).
        draft.wanted |= {"vehicle_type", "issuing_authority", "period", "terms"}
    draft.note(
        "terms",
        f"The terms below are the ones the terms policy ({POLICY_FILE}) checks, each with the minimum "
        "it asks for. Add any other term the contract states; schema/terms.schema.json lists them all."
        + (
            " On a vehicle they are the common terms every awardee signed."
            if request.kind == "vehicle"
            else ""
        ),
    )
    choices: dict[str, Any] = {}
    if request.jurisdiction is not None:
        code = request.jurisdiction
        if not re.fullmatch(r"US(-[A-Z]{2})?|[A-Z]{2}(-[A-Z0-9]{1,3})?", code):
            raise ScaffoldError(f'--jurisdiction "{code}" is not a code such as US-NY, or US for federal')
        draft.values["issuing_authority.jurisdiction"] = code
        draft.wanted.add("issuing_authority.jurisdiction")
        choices["issuing_authority"] = {"name": "needs", "jurisdiction": code}
    needs = contract_needs(project.policy, project.schemas.by_file, as_of_date(), choices)
    add_contract_minimums(draft, needs, project.policy.currency)


def _contracts(root: Path, ids: Sequence[str], project: Project, command: str) -> list[Contract]:
    """The named contracts as checked; an error of their own stops the scaffold (its terms
    cannot be judged)."""
    if not ids:
        return []
    result = check(root, [root / "catalog" / "contracts" / f"{cid}.yaml" for cid in ids], project=project)
    broken = [cid for cid in ids if cid not in result.catalog.contracts]
    if broken:
        raise ScaffoldError(
            f"contract {', '.join(broken)} has errors of its own, so what it lacks cannot be judged; "
            f"see `{command} validate catalog/contracts/{broken[0]}.yaml`"
        )
    return [result.catalog.contracts[cid] for cid in ids]


def _check_id(entry_id: str, kind: str, schema: Mapping[str, Any]) -> None:
    if not (
        schema["minLength"] <= len(entry_id) <= schema["maxLength"]
        and re.fullmatch(schema["pattern"].rstrip("$").lstrip("^"), entry_id)
    ):
        raise ScaffoldError(
            f'"{entry_id}" is not a valid {kind} id: use {schema["minLength"]} to {schema["maxLength"]} '
            "lowercase letters and digits in words joined by single hyphens, e.g. acme-case-manager"
        )
    if windows_reserved(entry_id):
        raise ScaffoldError(f'"{entry_id}" is a device name on Windows, which cannot check out such a file')


def _stems(folder: Path) -> list[tuple[str, str]]:
    """(id, file name) for everything in `folder`, whatever its extension or type."""
    if not folder.is_dir():
        return []
    return sorted((path.name.split(".", 1)[0], path.name) for path in folder.iterdir())


def _refuse_existing(folder: Path, entry_id: str, kind: str) -> None:
    key = identity_key(entry_id)
    for stem, file_name in _stems(folder):
        if identity_key(stem) == key:
            where = f"catalog/{folder.name}/{file_name}"
            if stem == entry_id:
                raise ScaffoldError(f"{where} already exists; edit it, or choose another id for a new {kind}")
            raise ScaffoldError(
                f'the id "{entry_id}" is too similar to {where}; ids must differ by more than case '
                "or look-alike characters, so choose another id"
            )


def _require(root: Path, kinds: str, ref: str, command: str) -> Any:
    """The parsed entry `ref` of `kinds` (None if unreadable); ScaffoldError if there is none."""
    path = root / "catalog" / kinds / f"{ref}.yaml"
    if path.is_file() and not path.is_symlink():
        text, _ = yamlsafe.decode(read_bytes(path), str(path))
        return yamlsafe.load(text, str(path))[0] if text is not None else None
    singular = SINGULAR[kinds]
    ids = [stem for stem, file_name in _stems(path.parent) if file_name.endswith(".yaml")]
    guess = closest(ref, ids)
    maybe = f'did you mean "{guess}"? ' if guess else ""
    raise ScaffoldError(
        f'there is no {singular} "{ref}" (no catalog/{kinds}/{ref}.yaml); {maybe}'
        f"check the id, or create it first with `{command} new {singular} {ref}`"
    )


def _lots(contract: Any) -> list[str]:
    lots = contract.get("lots") if isinstance(contract, dict) else None
    if not isinstance(lots, list):
        return []
    return [f"{lot.get('id')} ({lot.get('name')})" for lot in lots if isinstance(lot, dict)]


def _law_notes(policy: Policy, kind: str) -> dict[str, str]:
    """Comments naming the buyer types and emergency authorities the terms policy defines, so a
    contributor picks real ids without opening the policy."""
    buyers = "; ".join(f"{b.id} ({b.label})" for b in policy.buyer_types.values())
    if kind == "contract":
        return {"eligibility.buyer_types": f"Buyer types of the terms policy: {buyers}."}
    if kind != "scenario":
        return {}
    per_buyer = "; ".join(
        f"{b.id}: " + ", ".join(a.id for a in policy.authorities.values() if a.applies_to(b.id))
        for b in policy.buyer_types.values()
    )
    required = ", ".join(b.id for b in policy.buyer_types.values() if b.emergency_required)
    return {
        "authorities": f"Authorities of the terms policy, by buyer type: {per_buyer}. Cover each of: "
        f"{required} (or list it under not_covered).",
        "requirements": "For example: data_protection.breach_notification.confirmed_breach_hours: {max: 24} "
        "and emergency.lead_time_hours: {max: 12}, one per line.",
    }


def _policy_terms(policy: Policy) -> frozenset[str]:
    """Dotted paths (from the entry's top) of every term field the rules read under `policy`."""
    return frozenset(f"terms.{path}" for rule in RULES.values() for path in rule.fields_read(policy))
