"""One pure module per page: ``build(state) -> <Page>View`` of typed sections. No Streamlit.

``memoised`` computes a view once per view state and data version and shares the result
(callers read it, never modify it): a page run then only lays out what was computed. All views
share one cache bounded in bytes (components/memo.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from components import memo
from components.state import ViewState

V = TypeVar("V")


def memoised(build: Callable[[ViewState], V]) -> Callable[[ViewState], V]:
    """``build`` cached per (state, data version) in ``memo.VIEWS``; errors are not cached (the loader caches them)."""
    view = memo.memoise(build)
    view.uncached = build  # type: ignore[attr-defined]
    return view
