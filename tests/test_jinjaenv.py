"""The project's Jinja environment answers every lookup and call as Jinja's own does.

Each template below is rendered with `CatalogEnvironment` and with a plain `Environment` of the
same options over the same values; the two must print the same text or fail with the same error.
The cases cover what the shortcuts could get wrong: a key that is also a dict method's name, a
missing key (StrictUndefined), dict subclasses and other mappings, objects with attributes,
builtin methods, macros and `caller()`, callables that take the context, environment or eval
context, a builtin that raises StopIteration, and calls inside loops and blocks.
"""

from __future__ import annotations

from collections import OrderedDict
from types import SimpleNamespace
from typing import Any

import pytest
from jinja2 import (
    DictLoader,
    Environment,
    StrictUndefined,
    TemplateError,
    pass_context,
    pass_environment,
    pass_eval_context,
)

from site_builder.render.jinjaenv import CatalogContext, CatalogEnvironment, CatalogTemplate
from site_builder.render.markup import environment


@pass_context
def _context_name(context: Any, suffix: str = "") -> str:
    return f"{context.get('who', 'nobody')}{suffix}"


@pass_environment
def _environment_kind(env: Any) -> str:
    return "strict" if env.undefined is StrictUndefined else "lenient"


@pass_eval_context
def _eval_autoescape(eval_ctx: Any) -> str:
    return str(eval_ctx.autoescape)


_VALUES: dict[str, Any] = {
    "d": {"summary": "A <b>tool</b>", "items": "a key named items", "get": 3, "nested": {"x": [1, 2]}},
    "od": OrderedDict(summary="ordered", keys="a key named keys"),
    "obj": SimpleNamespace(name="object", data={"title": "T&C"}),
    "plain": [3, 1, 2],
    "who": "buyer",
    "ctx_name": _context_name,
    "env_kind": _environment_kind,
    "eval_autoescape": _eval_autoescape,
    "first": next,  # a builtin function; on an empty iterator it raises StopIteration
    "empty": (),
    "when": __import__("datetime").date(2026, 11, 30),
}

_TEMPLATES = {
    "dict key": "{{ d.summary }}|{{ d.nested.x[1] }}",
    "dict method shadows key": "{{ d.items() | list | length }}|{{ d.get('summary') }}|{{ d['items'] }}",
    "dict method name as key lookup": "{{ d.get is number }}",
    "missing key": "{{ d.nope }}",
    "missing key tested": "{{ d.nope is defined }}",
    "mapping subclass": "{{ od.summary }}|{{ od.keys() | list | join(',') }}",
    "object attribute": "{{ obj.name }}|{{ obj.data.title }}|{{ obj.missing is defined }}",
    "list attribute": "{{ plain.count(1) }}|{{ plain.nope is defined }}",
    "builtin call": "{{ when.isoformat() }}|{{ d.get('nope', 'fallback') }}",
    "builtin stop iteration": "{{ first(empty.__iter__()) is defined }}",
    "pass context": "{% for i in [1] %}{% set who = 'loop' %}{{ ctx_name('!') }}{% endfor %}{{ ctx_name() }}",
    "pass environment": "{{ env_kind() }}",
    "pass eval context": "{{ eval_autoescape() }}",
    "macro": "{% macro m(a, b=2) %}{{ a }}-{{ b }}-{{ varargs }}-{{ kwargs }}{% endmacro %}{{ m(1) }}{{ m(1, 3, 4, z=5) }}",
    "macro in loop": "{% macro m(a) %}<{{ a }}>{% endmacro %}{% for x in plain %}{{ m(x) }}{{ loop.index }}{% endfor %}",
    "macro too many arguments": "{% macro m(a) %}{{ a }}{% endmacro %}{{ m(1, 2) }}",
    "caller": "{% macro t(c) %}[{{ caller() }}|{{ c }}]{% endmacro %}{% call t('x') %}{{ d.summary }}{% endcall %}",
    "caller with arguments": "{% macro t() %}{{ caller(1, 2) }}{% endmacro %}{% call(a, b) t() %}{{ a + b }}{% endcall %}",
    "imported macro": "{% import 'lib' as lib %}{{ lib.wrap(d.summary) }}{% for x in plain %}{{ lib.wrap(x) }}{% endfor %}",
}


def _env(cls: type[Environment]) -> Environment:
    return cls(
        loader=DictLoader({**_TEMPLATES, "lib": "{% macro wrap(v) %}({{ v }}){% endmacro %}"}),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _outcome(env: Environment, name: str) -> tuple[str, str]:
    try:
        return "text", env.get_template(name).render(**_VALUES)
    except (TemplateError, TypeError, RuntimeError) as exc:  # the same error must come out of both
        return type(exc).__name__, str(exc)


@pytest.mark.parametrize("name", sorted(_TEMPLATES))
def test_same_output_as_jinja(name: str) -> None:
    assert _outcome(_env(CatalogEnvironment), name) == _outcome(_env(Environment), name)


def test_cases_reach_both_outcomes() -> None:
    """The cases include failures and successes, so the comparison covers both."""
    kinds = {_outcome(_env(Environment), name)[0] for name in _TEMPLATES}
    assert {"text", "UndefinedError", "TypeError"} <= kinds


def test_dict_method_wins_over_key() -> None:
    env = _env(CatalogEnvironment)
    assert env.get_template("dict method name as key lookup").render(**_VALUES) == "False"
    assert env.get_template("dict key").render(**_VALUES) == "A &lt;b&gt;tool&lt;/b&gt;|2"


def test_project_environment_uses_them() -> None:
    env = environment()
    assert isinstance(env, CatalogEnvironment)
    assert env.context_class is CatalogContext
    assert isinstance(env.get_template("solution.html.j2"), CatalogTemplate)


@pytest.mark.parametrize("cls", [Environment, CatalogEnvironment])
def test_imports_see_the_importing_template_s_globals(cls: type[Environment]) -> None:
    """A template loaded with globals of its own passes them to what it imports; one without
    gets the cached module (the same object on every render)."""
    env = cls(
        loader=DictLoader(
            {
                "lib": "{% macro who() %}{{ extra | default('none') }}{% endmacro %}",
                "page": "{% import 'lib' as lib %}{{ lib.who() }}",
            }
        )
    )
    env.globals["shared"] = 1
    assert env.get_template("page").render() == "none"
    assert env.get_template("page", globals={"extra": "mine"}).render() == "mine"
    assert env.get_template("lib").module is env.get_template("lib").module
