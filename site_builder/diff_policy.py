"""Changes to the terms policy in words, requirement by requirement, tightened or loosened.

Read with the policy's own vocabulary (`policy_vocabulary`), where a stricter requirement is
"tightened": "Insurance: minimum cyber and privacy liability per claim for
high-risk solutions $10M → $2M (loosened)". Waivers are compared by what they waive: a new waiver
loosens, a later expiry loosens, a removed one tightens. A key this table does not know is still
reported, as a change that cannot be ranked.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import terms
from .diff_model import Change
from .policy_vocabulary import POLICY_FIELDS, SECTIONS, UNKNOWN, Options
from .term_order import Field, Items, Verdict, item_changes, judge
from .vocabulary import COVERAGES, INDEMNITIES


def policy_field(path: str) -> tuple[Field, list[str]]:
    """The field for a policy key path and the names its "*" stand for."""
    if path in POLICY_FIELDS:
        return POLICY_FIELDS[path], []
    parts = path.split(".")
    for pattern, field in POLICY_FIELDS.items():
        wanted = pattern.split(".")
        if len(wanted) == len(parts) and all(w in {"*", p} for w, p in zip(wanted, parts, strict=True)):
            return field, [p for w, p in zip(wanted, parts, strict=True) if w == "*"]
    return UNKNOWN, []


def _name(word: str) -> str:
    return (COVERAGES.get(word) or INDEMNITIES.get(word) or word.replace("_", " ")).lower()


def _label(path: str, field: Field, names: list[str]) -> str:
    section = SECTIONS.get(path.split(".", maxsplit=1)[0], "")
    words = path if field is UNKNOWN else field.label.format(*(_name(n) for n in names))
    return f"{section}: {words}" if section else words[:1].upper() + words[1:]


def _shown(field: Field, value: Any, currency: str) -> str:
    if value is None:
        return f"not stated ({field.absent.words})" if field.absent.words != "not stated" else "not stated"
    if field.unit == "money" and isinstance(value, int | float) and not isinstance(value, bool):
        return terms.format_money(value, currency)
    if isinstance(field.order, Options) and isinstance(value, list):
        return "; ".join(" + ".join(map(str, o)) for o in value) or "none"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "none"
    if isinstance(value, bool):
        return "yes" if value else "no"
    unit = {"hours": " h", "days": " days", "months": " months", "years": " years", "times": "×"}.get(
        field.unit, ""
    )
    return f"{value:g}{unit}" if isinstance(value, float) else f"{value}{unit}"


def policy_changes(
    old: Mapping[str, Any], new: Mapping[str, Any], currency: str, default_level: Callable[[str], str]
) -> list[Change]:
    """Every requirement that differs, each severity that moves, every waiver granted, removed
    or changed. `default_level` gives a rule's severity when the policy does not name it."""
    before, after = _leaves(old), _leaves(new)
    found: list[Change] = []
    for path in dict.fromkeys([*before, *after]):
        was, now = before.get(path), after.get(path)
        if was == now:
            continue
        field, names = policy_field(path)
        label = _label(path, field, names)
        noun = field.order.noun.format(*map(_name, names)) if isinstance(field.order, Items) else ""
        items = item_changes(field, was, now, noun)
        if items is not None:
            where = SECTIONS.get(path.split(".", maxsplit=1)[0]) or label  # the noun names the list
            found += [
                Change(path, f"{where}: {i.text} ({i.verdict.word})", i.verdict, was, now) for i in items
            ]
            continue
        verdict = judge(field, was, now)
        shown = f"{_shown(field, was, currency)} → {_shown(field, now, currency)}"
        found.append(Change(path, f"{label} {shown} ({verdict.word})", verdict, was, now))
    found += _requirement_changes(old.get("term_requirements"), new.get("term_requirements"), currency)
    found += _severity_changes(old.get("severity"), new.get("severity"), default_level)
    found += _waiver_changes(old.get("waivers"), new.get("waivers"))
    return sorted(found, key=lambda change: not change.flagged)  # flagged first, else in file order


def _leaves(policy: Mapping[str, Any]) -> dict[str, Any]:
    apart = {"waivers", "severity", "term_requirements"}  # told by what they are, below
    kept = {key: value for key, value in policy.items() if key not in apart}
    severity = policy.get("severity")
    if isinstance(severity, Mapping) and "default" in severity:
        kept["severity"] = {"default": severity["default"]}
    return dict(terms.iter_leaves(kept))


def _severity_changes(old: Any, new: Any, default_level: Callable[[str], str]) -> list[Change]:
    """A rule moving from error to warning loosens: its findings no longer fail a run."""
    configured = [(value.get("rules") or {}) if isinstance(value, Mapping) else {} for value in (old, new)]
    field = POLICY_FIELDS["severity.default"]
    found = []
    for rule in sorted({*configured[0], *configured[1]}):
        was, now = (levels.get(rule) or default_level(rule) for levels in configured)
        if was != now:
            verdict = judge(field, was, now)
            text = f"Severity: rule {rule} {was} → {now} ({verdict.word})"
            found.append(Change(f"severity.rules.{rule}", text, verdict, was, now))
    return found


def _waiver_key(waiver: Mapping[str, Any]) -> tuple[str, str, str]:
    return str(waiver.get("entry")), str(waiver.get("rule")), str(waiver.get("term") or "")


def _waiver_words(key: tuple[str, str, str]) -> str:
    entry, rule, term = key
    return f"{rule} for {entry}" + (f" ({terms.label_for(term)})" if term else "")


def _waiver_changes(old: Any, new: Any) -> list[Change]:
    """Waivers matched by what they waive (entry, rule, term), not by their place in the list."""
    before = {_waiver_key(w): w for w in old or [] if isinstance(w, Mapping)}
    after = {_waiver_key(w): w for w in new or [] if isinstance(w, Mapping)}
    found = []
    for key in sorted(after.keys() - before.keys()):
        until = after[key].get("expires")
        text = f"Waivers: waiver added: {_waiver_words(key)}, until {until} (loosened)"
        found.append(Change(f"waivers.{key[0]}.{key[1]}", text, Verdict.LOOSENED, None, dict(after[key])))
    for key in sorted(before.keys() - after.keys()):
        text = f"Waivers: waiver removed: {_waiver_words(key)} (tightened)"
        found.append(Change(f"waivers.{key[0]}.{key[1]}", text, Verdict.TIGHTENED, dict(before[key]), None))
    for key in sorted(before.keys() & after.keys()):
        was, now = before[key], after[key]
        if was == now:
            continue
        expiry = (str(was.get("expires")), str(now.get("expires")))
        verdict = (
            Verdict.SAME
            if expiry[0] == expiry[1]
            else Verdict.LOOSENED
            if expiry[1] > expiry[0]
            else Verdict.TIGHTENED
        )
        what = (
            f"expires {expiry[0]} → {expiry[1]}"
            if verdict is not Verdict.SAME
            else "approval or reason changed"
        )
        text = f"Waivers: waiver of {_waiver_words(key)}: {what} ({verdict.word})"
        found.append(Change(f"waivers.{key[0]}.{key[1]}", text, verdict, dict(was), dict(now)))
    return found


def _requirement_tables(section: Any) -> dict[str, Mapping[str, Any]]:
    """Scope words → {term path: bound} for a `term_requirements` section."""
    if not isinstance(section, Mapping):
        return {}
    found: dict[str, Mapping[str, Any]] = {}
    if isinstance(section.get("every_contract"), Mapping):
        found["every contract"] = section["every_contract"]
    scopes = {
        "by_category": "{} solutions",
        "by_risk_tier": "{}-risk solutions",
        "by_data_at_least": "solutions holding {} data or above",
    }
    for key, words in scopes.items():
        for name, table in (section.get(key) or {}).items() if isinstance(section.get(key), Mapping) else ():
            if isinstance(table, Mapping):
                found[words.format(str(name).replace("_", " "))] = table
    return found


def _bound_words(path: str, bound: Any, currency: str) -> str:
    if not isinstance(bound, Mapping) or len(bound) != 1:
        return str(bound)
    ((kind, value),) = bound.items()
    if kind == "present":
        return "stated"
    shown = terms.format_value(path, value, currency)
    return {"min": f"at least {shown}", "max": f"at most {shown}", "includes": f"including {shown}"}.get(
        kind, shown
    )


def _requirement_changes(old: Any, new: Any, currency: str) -> list[Change]:
    """Term requirements by scope and term: one added tightens, one removed loosens, a bound moved
    is judged with the terms engine (a higher `min` of cover is stricter, a lower `max` of hours)."""
    before, after = _requirement_tables(old), _requirement_tables(new)
    found = []
    for scope in dict.fromkeys([*before, *after]):
        was_table, now_table = before.get(scope, {}), after.get(scope, {})
        for path in dict.fromkeys([*was_table, *now_table]):
            was, now = was_table.get(path), now_table.get(path)
            if was == now:
                continue
            where = f"Term requirements: {scope}: {terms.label_for(path)}"
            key = f"term_requirements.{scope}.{path}"
            if was is None:
                text = f"{where} {_bound_words(path, now, currency)} required (tightened)"
                found.append(Change(key, text, Verdict.TIGHTENED, None, now))
                continue
            if now is None:
                text = f"{where} {_bound_words(path, was, currency)} no longer required (loosened)"
                found.append(Change(key, text, Verdict.LOOSENED, was, None))
                continue
            verdict = Verdict.UNRANKED
            if isinstance(was, Mapping) and isinstance(now, Mapping) and was.keys() == now.keys():
                ((kind, old_value),) = was.items()
                verdict = Verdict.SAME if kind == "present" else terms.compare(path, old_value, now[kind])
            shown = f"{_bound_words(path, was, currency)} → {_bound_words(path, now, currency)}"
            found.append(Change(key, f"{where} {shown} ({verdict.word})", verdict, was, now))
    return found
