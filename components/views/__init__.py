"""One pure module per page: ``build(state) -> <Page>View`` of typed sections. No Streamlit.

``memoised`` computes a view once per view state and data version and shares the result
(callers read it, never modify it): a page run then only lays out what was computed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import TypeVar

from components import data
from components.state import ViewState

V = TypeVar("V")


def memoised(build: Callable[[ViewState], V]) -> Callable[[ViewState], V]:
    """``build`` cached per (state, data version); errors are not cached (the loader caches them)."""

    @functools.lru_cache(maxsize=256)
    def cached(state: ViewState, version: tuple) -> V:
        return build(state)

    @functools.wraps(build)
    def view(state: ViewState) -> V:
        return cached(state, data.version())

    view.uncached = build  # type: ignore[attr-defined]
    return view
