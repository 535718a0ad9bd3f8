"""A scenario's requirements, checked against what a solution or contract really holds.

A requirement maps a dotted path to a bound: `min`, `max`, `equals`, `includes` or `present`. A
path is either a term, as the terms vocabulary (`site_builder.terms`) and `catalog rules` name it,
read from the effective terms under one contract; or a need of the solution outside its terms
(`NEEDS`: response and lead time, surge capacity, the data it may hold, a credential).

Terms are judged by the terms engine (`terms.meets`, `terms.compare`), so what an unstated term
means and which way protects the buyer are decided in one place: a requirement of "at most 24 h"
is not met by a contract that states no notice time, and one of "a list including data breach" is
not met by a contract with no carve-outs. A `min` is only accepted where more protects the buyer,
a `max` where less does. Needs use the same rule with their own direction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import terms
from .credentials import holds, lapse_day, standings
from .model import CLASSIFICATIONS, Solution
from .policy import Policy
from .policy.credential_classes import ATTESTATION_TYPES, REGULATED_DATA, credential_words
from .term_order import Fixed, Flag, Free, Grades, Items, Ladder, Scale

# Which bounds fit a field, by the way its values protect the buyer.
BOUNDS_BY_DIRECTION = {
    "higher": ("min", "equals", "present"),
    "lower": ("max", "equals", "present"),
    "ladder": ("min", "equals", "present"),
    "more": ("includes", "equals", "present"),
    "fewer": ("max", "equals", "present"),
    "flag": ("equals", "present"),
    "fixed": ("equals", "present"),
    "text": ("present",),
}


@dataclass(frozen=True)
class Need:
    """A solution field a requirement may name besides its terms."""

    label: str
    direction: str  # a key of BOUNDS_BY_DIRECTION
    unit: str
    read: Callable[[Solution, Policy, date], Any]


def _emergency(key: str) -> Callable[[Solution, Policy, date], Any]:
    return lambda solution, _policy, _today: (solution.data.get("emergency") or {}).get(key)


NEEDS: dict[str, Need] = {
    "emergency.response_time_hours": Need(
        "response time", "lower", "hours", _emergency("response_time_hours")
    ),
    "emergency.lead_time_hours": Need(
        "lead time from order to service", "lower", "hours", _emergency("lead_time_hours")
    ),
    "emergency.surge_capacity": Need("surge capacity", "text", "", _emergency("surge_capacity")),
    "emergency.around_the_clock": Need(
        "service around the clock", "flag", "", _emergency("around_the_clock")
    ),
    "data.max_classification": Need(
        "highest data classification", "ladder", "", lambda s, _p, _t: s.data["data"]["max_classification"]
    ),
    "data.regulated": Need(
        "regulated data it may hold",
        "more",
        "",
        lambda s, _p, _t: list(s.data["data"].get("regulated") or []),
    ),
}
CREDENTIAL_PREFIX = "credentials."


@dataclass(frozen=True)
class Spec:
    """A requirement as written, understood: its field's words and direction."""

    path: str
    bound: str  # "min" | "max" | "equals" | "includes" | "present"
    value: Any
    label: str
    direction: str
    is_term: bool

    @property
    def words(self) -> str:
        """The bound in words: "at most 24 h", "within US, CA"."""
        shown = self.show(self.value)
        return {
            "min": f"at least {shown}",
            "max": f"within {shown}" if self.direction == "fewer" else f"at most {shown}",
            "equals": shown,
            "includes": f"a list including {shown}",
            "present": "a stated value",
        }[self.bound]

    def show(self, value: Any) -> str:
        if self.is_term:
            return terms.format_value(self.path, value)
        if value is None:
            return "not stated"
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, list):
            return ", ".join(REGULATED_DATA.get(str(v), str(v).replace("_", " ")) for v in value) or "none"
        need = NEEDS.get(self.path)
        if need and need.unit == "hours":
            return f"{value} h"
        return str(value).replace("_", " ")


@dataclass(frozen=True)
class Check:
    spec: Spec
    actual: Any
    met: bool
    lapsed: bool = False  # the credential was held, and has lapsed
    lapsed_on: date | None = None  # the day time alone lapsed it (not a program's withdrawal)

    @property
    def shown(self) -> str:
        if self.spec.path.startswith(CREDENTIAL_PREFIX):
            return "held" if self.met else "lapsed" if self.lapsed else "not held"
        return self.spec.show(self.actual)


def _names_known(path: str) -> bool:
    """Whether a coverage or indemnity named inside a term path is one the vocabulary has (its
    fields are written with a wildcard for the name)."""
    parts = path.split(".")
    if parts[:2] == ["insurance", "coverages"] and len(parts) > 3:
        return parts[2] in terms.COVERAGES
    if parts[0] == "indemnification" and len(parts) == 3:
        return parts[1] in terms.INDEMNITIES
    return True


def term_direction(path: str) -> str | None:
    """The direction of a term's values for the buyer, from the vocabulary's order for it."""
    field = terms.field_for(path)
    if field is None or path.endswith("section") or not _names_known(path):
        return None
    order = field.order
    if isinstance(order, Scale):
        return "higher" if order.higher else "lower"
    if isinstance(order, Ladder | Grades):
        return "ladder"
    if isinstance(order, Flag):
        return "flag"
    if isinstance(order, Items):
        return {True: "more", False: "fewer"}.get(order.more, "fixed")  # type: ignore[arg-type]
    if isinstance(order, Fixed):
        return "fixed"
    if isinstance(order, Free):
        return "text"
    return None


def known_paths(policy: Policy) -> list[str]:
    """Every path a requirement may name: the vocabulary's terms (each coverage and indemnity
    spelled out), the solution needs, and a credential per name the policy knows."""
    paths: list[str] = []
    for path in terms.FIELDS:
        if "*" not in path:
            paths.append(path)
            continue
        names = terms.COVERAGES if path.startswith("insurance.") else terms.INDEMNITIES
        paths += [path.replace("*", name) for name in names]
    paths += list(NEEDS)
    paths += [
        CREDENTIAL_PREFIX + name for name in sorted({*ATTESTATION_TYPES, *policy.authorization_classes})
    ]
    return paths


def understand(path: str, bound: Mapping[str, Any], policy: Policy) -> tuple[Spec | None, str]:
    """The requirement at `path`, or None and why it cannot be checked."""
    ((kind, value),) = bound.items()
    if path.startswith(CREDENTIAL_PREFIX):
        name = path[len(CREDENTIAL_PREFIX) :]
        if name not in ATTESTATION_TYPES and name not in policy.authorization_classes:
            known = ", ".join(sorted({*ATTESTATION_TYPES, *policy.authorization_classes}))
            return None, f'"{name}" is not a credential the terms policy knows; use one of: {known}'
        spec = Spec(path, kind, value, credential_words(name, policy.authorization_classes), "present", False)
        return (
            (spec, "")
            if kind == "present"
            else (None, "a credential can only be required with `present: true`")
        )
    if path in NEEDS:
        need = NEEDS[path]
        spec = Spec(path, kind, value, need.label, need.direction, False)
    else:
        direction = term_direction(path)
        if direction is None:
            return None, (
                f'"{path}" is neither a term of the terms vocabulary nor a solution need; needs are '
                + ", ".join([*NEEDS, "credentials.<name>"])
            )
        spec = Spec(path, kind, value, terms.label_for(path), direction, True)
    allowed = BOUNDS_BY_DIRECTION[spec.direction]
    if kind not in allowed:
        return None, _misfit(spec, allowed)
    reason = _value_problem(spec)
    return (None, reason) if reason else (spec, "")


def _misfit(spec: Spec, allowed: tuple[str, ...]) -> str:
    why = {
        "lower": "less protects the buyer here, so ask for a `max`",
        "higher": "more protects the buyer here, so ask for a `min`",
        "ladder": "a higher level protects the buyer here, so ask for a `min`",
        "more": "more items protect the buyer here, so ask for `includes`",
        "fewer": "fewer items protect the buyer here, so ask for a `max` (a list it must stay within)",
    }.get(spec.direction, "")
    words = f"`{spec.bound}` does not fit {spec.label}"
    return f"{words}: {why}" if why else f"{words}; use " + " or ".join(f"`{a}`" for a in allowed)


def _value_problem(spec: Spec) -> str:
    value, kind = spec.value, spec.bound
    if kind in {"present"}:
        return ""
    if spec.direction in {"higher", "lower"} and not (
        isinstance(value, int | float) and not isinstance(value, bool)
    ):
        return f"{spec.label} is a number; write the bound as one"
    if spec.direction == "ladder" and not _ladder_rank(spec, value):
        return f'"{value}" is not a value of {spec.label}'
    if kind == "includes" and not isinstance(value, list):
        return "`includes` takes a list"
    if spec.direction == "fewer" and not isinstance(value, list):
        return f"{spec.label} is a list; write the bound as one"
    if spec.direction == "flag" and not isinstance(value, bool):
        return f"{spec.label} is true or false"
    return ""


def _ladder_rank(spec: Spec, value: Any) -> tuple[int, ...] | None:
    """The rank of a need's level (a term's ladder is the vocabulary's to judge)."""
    if spec.path == "data.max_classification":
        return (CLASSIFICATIONS.index(value),) if value in CLASSIFICATIONS else None
    field = terms.field_for(spec.path)
    return (0,) if field is not None and field.order.accepts(value) else None


def judge(spec: Spec, actual: Any) -> bool:
    """Whether `actual` (None: not stated) meets the requirement. A term's silence means what the
    vocabulary says it means; a need's silence meets only `present: false`."""
    if spec.bound == "present":
        return actual is not None
    if spec.is_term:
        if spec.bound == "equals":
            return terms.compare(spec.path, spec.value, actual) is terms.Verdict.SAME
        return terms.meets(spec.path, actual, spec.value)  # min, max, includes: at least as protective
    if spec.bound == "equals":
        if isinstance(actual, list) and isinstance(spec.value, list):
            return set(actual) == set(spec.value)
        return bool(actual == spec.value)
    if spec.bound == "includes":
        return isinstance(actual, list) and set(spec.value) <= set(actual)
    if actual is None:
        return False
    if spec.direction == "ladder":
        return (_ladder_rank(spec, actual) or (-1,)) >= (_ladder_rank(spec, spec.value) or (0,))
    return bool(actual >= spec.value) if spec.bound == "min" else bool(actual <= spec.value)


def specs(requirements: Mapping[str, Mapping[str, Any]], policy: Policy) -> list[Spec]:
    """The requirements that can be checked (the others are reported by the requirement-bound rule)."""
    found = []
    for path, bound in requirements.items():
        spec, _ = understand(path, bound, policy)
        if spec is not None:
            found.append(spec)
    return found


def check_offering(
    found: list[Spec], effective: Mapping[str, Any], solution: Solution, policy: Policy, today: date
) -> list[Check]:
    """Every requirement against a solution under one contract (its effective terms there)."""
    checks = []
    held = None
    for spec in found:
        if spec.path.startswith(CREDENTIAL_PREFIX):
            held = held if held is not None else standings(solution, policy, today)
            name = spec.path[len(CREDENTIAL_PREFIX) :]
            current = holds(held, name, policy.authorization_classes, current=True)
            ever = holds(held, name, policy.authorization_classes, current=False)
            lapsed = ever and not current
            day = lapse_day(held, [[name]], policy.authorization_classes) if lapsed else None
            checks.append(Check(spec, current, current, lapsed=lapsed, lapsed_on=day))
        elif spec.is_term:
            actual = terms.get(effective, spec.path)
            checks.append(Check(spec, actual, judge(spec, actual)))
        else:
            actual = NEEDS[spec.path].read(solution, policy, today)
            checks.append(Check(spec, actual, judge(spec, actual)))
    return checks


def check_contract(found: list[Spec], contract_terms: Mapping[str, Any]) -> list[Check]:
    """The term requirements against a contract's own terms (needs belong to solutions)."""
    return [
        Check(spec, terms.get(contract_terms, spec.path), judge(spec, terms.get(contract_terms, spec.path)))
        for spec in found
        if spec.is_term
    ]
