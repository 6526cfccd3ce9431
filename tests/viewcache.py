"""Page views for the tests, each built once per test process, and the xdist group of a state.

``view(page_key, state)`` is the page's view (``components.views.<page_key>.build``, its uncached
form: the app's view memo is not asked), built the first time a test asks for it and kept for the
rest of the process. A view is a pure function of the state and the data read, so which test
built it first changes only the time taken, never what a check sees; the key holds the data
folder and its version, so a test that points the app at other data gets its own views.

``group(state)`` is the ``xdist_group`` mark of a state: with ``--dist loadgroup`` (scripts/test)
every test marked with it runs in the same worker, so the views of that state are built once in
the whole run instead of once per worker that happens to draw one of its tests.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib

import pytest

from components import data
from components.state import ViewState

_VIEWS: dict[tuple, object] = {}


def view(page_key: str, state: ViewState):
    """The view of page ``page_key`` for ``state``, built (uncached) once per process and data version."""
    key = (page_key, state, str(data.data_dir()), data.version())
    if key not in _VIEWS:
        build = importlib.import_module(f"components.views.{page_key}").build
        _VIEWS[key] = getattr(build, "uncached", build)(state)
    return _VIEWS[key]


def group(state: ViewState) -> pytest.MarkDecorator:
    """The xdist group of every test that builds the views of ``state`` (a stable name per state)."""
    # sets sorted: their order (and so repr) differs between processes, and every worker must agree
    fields = [(f.name, getattr(state, f.name)) for f in dataclasses.fields(state)]
    canonical = repr([(name, sorted(value) if isinstance(value, (set, frozenset)) else value) for name, value in fields])
    return pytest.mark.xdist_group("views-" + hashlib.sha1(canonical.encode()).hexdigest()[:10])
