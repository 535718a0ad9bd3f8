"""Every rule the catalog is checked against: one module per rule, listed once, in order.

A rule module has an `ID`, a `LEVEL`, a `FAMILY` and a docstring that is its documentation (see
`site_builder.rulebook`); a rule checked over the built catalog also has `check(catalog, policy)`,
and one that reads pre-negotiated terms says which in `terms_read(policy)`.  Rules without a
`check` are raised while files are found, read and checked against the schemas, by the loading
code; they are listed here so that `catalog rules`, the site's rules page, waivers and severities
know them all.

`MODULES` is the registry: adding a rule means adding its module here.  Nothing registers itself
on import, so the set of rules never depends on which modules happen to be imported.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from ..advice import Advice, did_you_mean, renamed_key
from ..model import Catalog
from ..policy import Policy, problem_at
from ..problems import ConfigError, Problem
from ..rulebook import Rule, describe
from . import (
    accessibility_report,
    approval_missing,
    binding_arbitration,
    breach_notification,
    buyer_type,
    classification_label,
    confusable_name,
    confusable_text,
    contract_dates,
    contract_expired,
    credential_lapsed,
    data_agreement,
    data_breach_cap,
    data_location,
    data_ownership,
    data_return,
    emergency_authority,
    emergency_coverage,
    emergency_duration,
    encoding,
    encryption,
    file_layout,
    file_size,
    file_type,
    governing_law,
    id_duplicate,
    id_mismatch,
    indemnification_required,
    insurance_carrier_rating,
    insurance_minimum,
    insurance_required,
    invisible_character,
    liability_cap,
    liability_carve_outs,
    override_loosens,
    participating_addendum,
    placeholder,
    price_list_missing,
    purchaser_indemnity_forbidden,
    reference,
    required_term_missing,
    requirement_bound,
    reseller_unauthorized,
    scenario_readiness,
    scenario_requirements,
    scenario_review,
    schema,
    security_credential,
    sign_off_missing,
    single_line,
    term_requirement,
    termination_terms,
    tightening_unsigned,
    unicode_normalization,
    unsafe_text,
    waiver_expired,
    waiver_not_evaluated,
    waiver_unsigned,
    waiver_unused,
    yaml_alias,
    yaml_duplicate_key,
    yaml_key_type,
    yaml_nesting,
    yaml_size,
    yaml_syntax,
    yaml_tag,
)

# In the order users read them: how files are found, read and shaped, then what they say.
MODULES = (
    # file
    file_layout,
    file_type,
    file_size,
    encoding,
    # yaml
    invisible_character,
    yaml_syntax,
    yaml_duplicate_key,
    yaml_alias,
    yaml_tag,
    yaml_key_type,
    yaml_nesting,
    yaml_size,
    # schema
    schema,
    # content
    unsafe_text,
    single_line,
    placeholder,
    unicode_normalization,
    confusable_text,
    # catalog
    id_mismatch,
    id_duplicate,
    reference,
    reseller_unauthorized,
    contract_dates,
    contract_expired,
    credential_lapsed,
    classification_label,
    buyer_type,
    participating_addendum,
    scenario_review,
    emergency_authority,
    emergency_coverage,
    emergency_duration,
    scenario_readiness,
    requirement_bound,
    scenario_requirements,
    approval_missing,
    sign_off_missing,
    price_list_missing,
    confusable_name,
    # terms
    override_loosens,
    tightening_unsigned,
    required_term_missing,
    indemnification_required,
    purchaser_indemnity_forbidden,
    liability_cap,
    liability_carve_outs,
    data_breach_cap,
    insurance_required,
    insurance_minimum,
    insurance_carrier_rating,
    data_ownership,
    data_location,
    breach_notification,
    data_return,
    encryption,
    security_credential,
    data_agreement,
    accessibility_report,
    termination_terms,
    governing_law,
    binding_arbitration,
    term_requirement,
    # policy
    waiver_expired,
    waiver_unused,
    waiver_not_evaluated,
    waiver_unsigned,
)


def _registry() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}
    for module in MODULES:
        rule = describe(module)
        if rule.id in rules:
            raise ValueError(f"rule {rule.id} is declared by {rules[rule.id].module} and {rule.module}")
        rules[rule.id] = rule
    return rules


RULES: Mapping[str, Rule] = _registry()


def run(
    catalog: Catalog, policy: Policy, family: str | None = None, *, fixes_only: bool = False
) -> list[Problem]:
    """Every catalog-level finding (of one `family` of rules, if given), at the level the policy's
    severity table gives its rule. `fixes_only`: not the rules whose findings never carry a fix
    (their findings would be found and dropped)."""
    found: list[Problem] = []
    for rule in RULES.values():
        if rule.check is None or (family is not None and rule.family != family):
            continue
        if fixes_only and not rule.fixes:
            continue
        for problem in rule.check(catalog, policy):
            level = policy.level_of(rule.id, problem.level)
            found.append(problem if level is problem.level else replace(problem, level=level))
    return found


def check_policy_names(policy: Policy) -> None:
    """Waivers and severities must name real rules; a waiver may only name a rule checked over the
    catalog (or a terms finding the pipeline gathers from such rules).  A waiver of a loading rule (unsafe text, a symbolic link, a schema error) would drop
    the entry from the catalog without a word, so it is refused.  Raises ConfigError (exit code 2)."""
    problems = []
    for waiver in policy.waivers:
        rule = RULES.get(waiver.rule)
        reason = None
        pointer = f"/waivers/{waiver.index}/rule"
        advice = Advice("see `catalog rules` for the rules that can be waived")
        if rule is None:
            reason = f'the waiver names "{waiver.rule}", which is not a rule'
            waivable = [r.id for r in RULES.values() if r.check is not None or r.family == "terms"]
            advice = did_you_mean(waiver.rule, waivable, pointer, advice.text)
        elif rule.check is None and rule.family != "terms":  # placed terms findings can be waived
            reason = (
                f'the waiver names "{rule.id}", a rule checked while files are read; such '
                "problems cannot be waived, only fixed"
            )
        if reason:
            problems.append(
                problem_at(policy.marks, pointer, f"terms policy: {reason}", advice.text, advice.fix)
            )
    for rule_id in policy.section("severity").get("rules") or {}:
        if rule_id not in RULES:
            pointer = f"/severity/rules/{rule_id}"
            advice = renamed_key(rule_id, list(RULES), pointer, "see `catalog rules` for rule ids")
            problems.append(
                problem_at(
                    policy.marks,
                    pointer,
                    f'terms policy: severity names "{rule_id}", which is not a rule',
                    advice.text,
                    advice.fix,
                )
            )
    problems += term_requirement.check_policy(policy)
    if problems:
        raise ConfigError(problems)
