"""What a new entry lays out beyond its schema's required fields: what the terms policy asks for
the choices made, with the limit each value must meet (see needs.py: the rules are asked).

For a solution: the overrides its contracts need to meet the policy for its category, risk tier
and data, as placeholders (an override is an agreement: the contributor writes the value the
company agrees to, or deletes the line and has the contract amended), and the fields the policy
requires (an accessibility report, a security credential, the agreements regulated data needs).
For a contract: each term field the rules read, with the minimum the policy asks for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .content import PLACEHOLDER
from .entrytext import Plan
from .fixtext import tokens
from .needs import minimum_words
from .problems import Problem


@dataclass
class Draft:
    """A Plan being built: what to lay out, what to write, what to say."""

    wanted: set[str] = field(default_factory=set)
    values: dict[str, Any] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    items: dict[str, list[Mapping[str, Any]]] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)

    def note(self, path: str, text: str) -> None:
        if text and text not in self.notes.get(path, ""):
            self.notes[path] = f"{self.notes[path]} {text}".strip() if path in self.notes else text

    def plan(self) -> Plan:
        return Plan(frozenset(self.wanted), self.values, self.notes, self.items, tuple(self.header))


def dotted(pointer: str) -> str:
    """A pointer without list positions, as the layout names fields: `/a/0/b` → `a.b`."""
    return ".".join(part for part in tokens(pointer) if not part.isdigit())


def add_solution_needs(draft: Draft, needs: Iterable[Problem], currency: str) -> None:
    for problem in needs:
        overrides = [
            c for c in (problem.fix.changes if problem.fix else ()) if c.path.startswith("/terms_overrides/")
        ]
        for change in overrides:
            path = dotted(change.path)
            draft.wanted.add(path)
            words = minimum_words(change.path, change.value, currency)
            draft.values[path] = (
                f"{PLACEHOLDER}: {words}, if your company agrees to it (an override is an agreement); "
                "otherwise delete this line and have the contract amended"
            )
            draft.note(path, _sentence(problem.message))
        if problem.asks:
            _add_asks(draft, problem)


def _add_asks(draft: Draft, problem: Problem) -> None:
    paths = list(dict.fromkeys(dotted(change.path) for change in problem.asks))
    alternatives = len(problem.asks) > 1
    for change in problem.asks:
        path = dotted(change.path)
        if isinstance(change.value, Mapping) and not alternatives:
            known = draft.items.setdefault(path, [])
            if dict(change.value) not in [dict(item) for item in known]:
                known.append(change.value)
        else:
            draft.wanted.add(path)
    what = _sentence(problem.message)
    hint = _sentence(problem.hint)
    for path in paths:
        draft.note(path, f"The terms policy: {what} {hint}")
        if alternatives and len(paths) > 1:
            draft.note(path, "Any one of these will do: delete the list you do not use.")


def add_contract_minimums(draft: Draft, needs: Iterable[Problem], currency: str) -> None:
    """Each term field the rules name, with the policy's minimum in its placeholder."""
    for problem in needs:
        for change in problem.fix.changes if problem.fix else ():
            if not change.path.startswith("/terms/"):
                continue
            leaves = _leaves(change.path, change.value)
            for pointer, value in leaves:
                path = dotted(pointer)
                draft.wanted.add(path)
                draft.values[path] = (
                    f"{PLACEHOLDER}: as signed; the terms policy asks for "
                    f"{minimum_words(pointer, value, currency)}"
                )


def _leaves(pointer: str, value: Any) -> list[tuple[str, Any]]:
    if isinstance(value, Mapping):
        return [leaf for key, item in value.items() for leaf in _leaves(f"{pointer}/{key}", item)]
    return [(pointer, value)]


def _sentence(text: str) -> str:
    text = text.strip()
    return (text[:1].upper() + text[1:]).rstrip(".") + "." if text else ""
