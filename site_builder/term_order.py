"""How the values of one term rank for the purchaser, and what an unstated value means.

These are the building blocks of the vocabulary (`site_builder.vocabulary`): each field there
names an order from this module and an `Absent` meaning. `judge` is the one comparison every part
of the project uses; it is antisymmetric (`judge(f, a, b)` is `judge(f, b, a).reversed()`), and a
value it cannot place, such as a number where a country list belongs, is `UNRANKED`, never a guess.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from enum import Enum, IntEnum
from typing import Any


class Verdict(IntEnum):
    """What a change of one term does for the purchaser.

    An int, so that `verdict < 0` reads "cannot be shown to protect at least as well": a change
    that cannot be ranked counts with the loosened ones wherever a change must be proven harmless
    (an override, a reviewer's attention).
    """

    TIGHTENED = 1
    SAME = 0  # equal, or a change to an informational field
    LOOSENED = -1
    UNRANKED = -2  # different, and neither can be shown to protect more

    def reversed(self) -> Verdict:
        """The verdict of the opposite change."""
        if self is Verdict.TIGHTENED:
            return Verdict.LOOSENED
        if self is Verdict.LOOSENED:
            return Verdict.TIGHTENED
        return self

    @property
    def word(self) -> str:
        return _WORDS[self]


_WORDS = {
    Verdict.TIGHTENED: "tightened",
    Verdict.SAME: "neutral",
    Verdict.LOOSENED: "loosened",
    Verdict.UNRANKED: "not comparable: review as loosened",
}


class Extreme(Enum):
    """Where silence sits when it is no value at all: above or below every stated value."""

    MOST = "most protective"  # e.g. no cap on the vendor's liability
    LEAST = "least protective"  # e.g. nothing promised, so anything stated is better


MOST = Extreme.MOST
LEAST = Extreme.LEAST


@dataclass(frozen=True)
class Absent:
    """What a term the contract does not state means for the purchaser.

    `means` is a value of the field (False: not granted), MOST or LEAST, or None where silence
    is merely "not stated" (fields whose changes are unranked or informational anyway).
    """

    means: Any
    words: str  # how silence is shown: "no cap: unlimited"
    reason: str  # one line: why silence means that


def _sign(number: float) -> Verdict:
    return Verdict.TIGHTENED if number > 0 else Verdict.LOOSENED if number < 0 else Verdict.SAME


class Order:
    """How two stated values of a field rank; subclasses say for which values and which way."""

    def rank(self, old: Any, new: Any) -> Verdict:
        raise NotImplementedError

    def accepts(self, value: Any) -> bool:
        """Whether `value` is one this order can place (the schema's type for the field)."""
        return True

    def same(self, old: Any, new: Any) -> bool:
        return bool(old == new)


@dataclass(frozen=True)
class Scale(Order):
    """Numbers: larger protects the purchaser more (`higher=True`, e.g. an insurance limit) or
    less (`higher=False`, e.g. hours to report a breach)."""

    higher: bool

    def rank(self, old: Any, new: Any) -> Verdict:
        if not (_is_number(old) and _is_number(new)):
            return Verdict.UNRANKED
        verdict = _sign(new - old)
        return verdict if self.higher else verdict.reversed()

    def accepts(self, value: Any) -> bool:
        return _is_number(value)


@dataclass(frozen=True)
class Flag(Order):
    """Yes or no: `protective` is the answer that protects the purchaser."""

    protective: bool

    def rank(self, old: Any, new: Any) -> Verdict:
        if not (isinstance(old, bool) and isinstance(new, bool)):
            return Verdict.UNRANKED
        if old == new:
            return Verdict.SAME
        return Verdict.TIGHTENED if new == self.protective else Verdict.LOOSENED

    def accepts(self, value: Any) -> bool:
        return isinstance(value, bool)


@dataclass(frozen=True)
class Ladder(Order):
    """Named values on rungs, least protective first; values on one rung cannot be ranked
    against each other (a cap by a multiple and a fixed cap)."""

    rungs: tuple[tuple[str, ...], ...]

    def accepts(self, value: Any) -> bool:
        return self.level(value) is not None

    def level(self, value: Any) -> int | None:
        return next((i for i, rung in enumerate(self.rungs) if value in rung), None)

    def rank(self, old: Any, new: Any) -> Verdict:
        before, after = self.level(old), self.level(new)
        if before is None or after is None:
            return Verdict.UNRANKED
        if before == after:
            return Verdict.SAME if old == new else Verdict.UNRANKED
        return _sign(after - before)

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(value for rung in self.rungs for value in rung)


@dataclass(frozen=True)
class Grades(Order):
    """A value made of several grades that must all be at least as good to be better: an
    A.M. Best rating is a letter and a financial size, and "A VI" is not better than "A- VII"."""

    parse: Callable[[Any], tuple[int, ...] | None]

    def accepts(self, value: Any) -> bool:
        return self.parse(value) is not None

    def rank(self, old: Any, new: Any) -> Verdict:
        before, after = self.parse(old), self.parse(new)
        if before is None or after is None or len(before) != len(after):
            return Verdict.UNRANKED
        if before == after:
            return Verdict.SAME if old == new else Verdict.UNRANKED
        if all(a >= b for a, b in zip(after, before, strict=True)):
            return Verdict.TIGHTENED
        if all(a <= b for a, b in zip(after, before, strict=True)):
            return Verdict.LOOSENED
        return Verdict.UNRANKED


@dataclass(frozen=True)
class Items(Order):
    """A list read as a set: more items protect (`more=True`, carve-outs) or fewer do
    (`more=False`, the countries data may be kept in); with `more=None` any change is unranked.
    `noun` names one item in reports."""

    more: bool | None
    noun: str
    names: tuple[tuple[str, str], ...] = ()  # (item, words) for items that have plain words
    verbatim: bool = False  # show items as written (schema values), not as words

    def accepts(self, value: Any) -> bool:
        return self.items(value) is not None

    def items(self, value: Any) -> frozenset[Hashable] | None:
        if not isinstance(value, list | tuple) or not all(isinstance(v, Hashable) for v in value):
            return None
        return frozenset(value)

    def rank(self, old: Any, new: Any) -> Verdict:
        before, after = self.items(old), self.items(new)
        if before is None or after is None:
            return Verdict.UNRANKED
        if before == after:
            return Verdict.SAME
        if self.more is None:
            return Verdict.UNRANKED
        if after > before:
            return Verdict.TIGHTENED if self.more else Verdict.LOOSENED
        if after < before:
            return Verdict.LOOSENED if self.more else Verdict.TIGHTENED
        return Verdict.UNRANKED

    def same(self, old: Any, new: Any) -> bool:
        return self.items(old) == self.items(new)

    def name(self, item: Any) -> str:
        if self.verbatim:
            return str(item)
        return dict(self.names).get(str(item), str(item).replace("_", " "))


@dataclass(frozen=True)
class Fixed(Order):
    """A value that is either the same or different, never better (the governing law)."""

    def rank(self, old: Any, new: Any) -> Verdict:
        return Verdict.SAME if old == new else Verdict.UNRANKED


@dataclass(frozen=True)
class Free(Order):
    """Informational: a change neither protects more nor less (a clause number)."""

    def rank(self, old: Any, new: Any) -> Verdict:
        return Verdict.SAME


@dataclass(frozen=True)
class Field:
    """One term of the vocabulary: its words, how its values rank, what silence means."""

    label: str
    order: Order
    absent: Absent
    unit: str = ""  # "money", "minutes", "hours", "days", "months", "years", "times", "percent", ""


def judge(field: Field, old: Any, new: Any) -> Verdict:
    """What changing the term from `old` to `new` does for the purchaser; None is "not stated"
    and means what the field's `absent` says."""
    if isinstance(field.order, Free):
        return Verdict.SAME
    before = field.absent.means if old is None else old
    after = field.absent.means if new is None else new
    for value in (before, after):
        if value is not None and not isinstance(value, Extreme) and not field.order.accepts(value):
            return Verdict.SAME if before == after else Verdict.UNRANKED  # not a value of the field
    if isinstance(before, Extreme) or isinstance(after, Extreme):
        if before is after:
            return Verdict.SAME
        if before is MOST or after is LEAST:
            return Verdict.LOOSENED
        return Verdict.TIGHTENED
    if before is None or after is None:  # silence that means nothing in particular
        return Verdict.SAME if before is after else Verdict.UNRANKED
    if field.order.same(before, after):
        return Verdict.SAME
    return field.order.rank(before, after)


@dataclass(frozen=True)
class ItemChange:
    item: Any
    added: bool
    verdict: Verdict
    text: str  # "carve-out removed: willful misconduct"


def item_changes(field: Field, old: Any, new: Any, noun: str = "") -> list[ItemChange] | None:
    """A list field's change item by item, or None when it cannot be told that way: the field is
    not a list, or one side is silence that means no list at all ("anywhere")."""
    order = field.order
    if not isinstance(order, Items):
        return None
    before = order.items(field.absent.means if old is None else old)
    after = order.items(field.absent.means if new is None else new)
    if before is None or after is None:
        return None
    changes = []
    for items, added in ((after - before, True), (before - after, False)):
        if order.more is None:
            verdict = Verdict.UNRANKED
        else:
            verdict = Verdict.TIGHTENED if added == order.more else Verdict.LOOSENED
        for item in sorted(items, key=str):
            text = f"{noun or order.noun} {'added' if added else 'removed'}: {order.name(item)}"
            changes.append(ItemChange(item, added, verdict, text))
    return changes


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)


def ladder(*rungs: str | Sequence[str]) -> Ladder:
    """`ladder("vendor", "shared", "purchaser")`; a tuple is one rung of unrankable values."""
    return Ladder(tuple((rung,) if isinstance(rung, str) else tuple(rung) for rung in rungs))
