"""Jinja's environment and context with two lookups made cheaper, for the same results.

An entry page makes about a thousand attribute lookups and a few hundred calls. Jinja answers
`d.summary` on a dict by trying `getattr` first, which fails and raises, and only then the key;
and before every call (`d.get(…)`, a macro) it probes the callable for a context it may want
passed; and each `{% import %}` (three a solution page) compares the importing context's globals
with the imported template's by Python's generic set code over a ChainMap. The subclasses take a
shorter way only where the answer is known to be the same, and leave everything else to Jinja.
"""

from __future__ import annotations

import types
from collections import ChainMap
from typing import Any

from jinja2 import Environment, Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, Macro

# Every attribute a plain dict has: `items` on a dict is its method, as in Jinja, never the key.
_DICT_ATTRIBUTES = frozenset(dir(dict))
# Callables that can never ask for a context: builtins cannot carry Jinja's `jinja_pass_arg`
# mark, and a macro's call takes none.
_PLAIN_CALLABLES = (types.BuiltinMethodType, types.BuiltinFunctionType, Macro)


class CatalogContext(Context):
    """Jinja's context, calling builtins and macros without probing them for a pass-arg mark."""

    def call(self, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
        if type(obj) not in _PLAIN_CALLABLES:
            return Context.call(self, obj, *args, **kwargs)
        # Jinja's call drops the names it passes for context-taking callables in any case.
        kwargs.pop("_block_vars", None)
        kwargs.pop("_loop_vars", None)
        try:
            return obj(*args, **kwargs)
        except StopIteration:
            return self.environment.undefined(
                "value was undefined because a callable raised a StopIteration exception"
            )


class CatalogTemplate(Template):
    """Jinja's template, finding an import's new globals with set operations on dicts."""

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        # Jinja makes a fresh module when the importing context has globals this template lacks,
        # and otherwise uses the cached one; the test is the same, on the ChainMap's own dicts.
        found = self.globals
        if ctx is not None and type(found) is ChainMap and not ctx.globals_keys.difference(*found.maps):
            ctx = None
        return Template._get_default_module(self, ctx)


class CatalogEnvironment(Environment):
    """Jinja's environment, reading a plain dict's key directly when the name is no dict attribute
    (where Jinja's own lookup would fail on the attribute and then read the key)."""

    context_class = CatalogContext
    template_class = CatalogTemplate

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return Environment.getattr(self, obj, attribute)
