"""What every test's app compiles alike, compiled once per test process.

Nearly every test builds its own app (create_app), and most of that time, then most of its first
page's, goes into compiling Python code that is the same for every app the tests build:

- werkzeug writes and compiles two functions per route to build its URLs (Rule._compile_builder),
  about 50 ms an app;
- Jinja compiles each template the app renders, about 60 ms a template.

`shared()` makes both a cache shared by the run's apps. Nothing else is shared: each app still has
its own routes, Jinja environment, globals, filters and configuration, and a template file changed
during the run is compiled again (Jinja compares the source's checksum).
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from flask import Flask
from jinja2 import BytecodeCache
from werkzeug.routing import Rule


class MemoryBytecodeCache(BytecodeCache):
    """Jinja's compiled templates kept in memory (Jinja's own caches of this kind write files).

    A template's code depends on its source (checked by Jinja) and on the environment's settings,
    which create_app makes the same for every app (`ext.i18n.trimmed` among them).
    """

    def __init__(self):
        self.stored: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self.stored:
            bucket.bytecode_from_string(self.stored[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self.stored[bucket.key] = bucket.bytecode_to_string()


def _url_builders_compiled_once(original):
    """Rule._compile_builder with its results kept. A builder is a function of the route's text,
    its parsed parts, the names of its defaults and whether unknown arguments are appended; it
    takes the rule (hence its converters) as its `self` argument, so one serves every rule like it.
    Rules whose defaults fill one of their own variables are left alone (werkzeug writes the
    default's converted value into the code)."""
    builders = {}

    def compile_builder(rule, append_unknown=True):
        defaults = rule.defaults or {}
        trace = getattr(rule, "_trace", None)
        if trace is None or any(dynamic and name in defaults for dynamic, name in trace):
            return original(rule, append_unknown)
        key = (rule.rule, append_unknown, tuple(trace), tuple(defaults))
        if key not in builders:
            builders[key] = original(rule, append_unknown)
        return builders[key]

    return compile_builder


@contextmanager
def shared():
    with pytest.MonkeyPatch.context() as patch:
        if "bytecode_cache" not in Flask.jinja_options:
            patch.setattr(Flask, "jinja_options", {**Flask.jinja_options, "bytecode_cache": MemoryBytecodeCache()})
        original = getattr(Rule, "_compile_builder", None)
        if original is not None:  # a private method: another werkzeug may not have it
            patch.setattr(Rule, "_compile_builder", _url_builders_compiled_once(original))
        yield
