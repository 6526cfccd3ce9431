"""The one cache of computed views: bounded by an estimated size in bytes, for all entries together.

Every page view (``components.views.memoised``) and the parts views memoise on their own
(the Kosovo page's UN-votes section, the Neighbourhood view per year) share ``VIEWS``. An entry
is keyed by the function and its arguments, and belongs to one data version (``data.version()``):
when a new version is seen, every entry of the old one is dropped at once, so replacing data files
never accumulates views. Within a version, the least recently used entries go first once the total
exceeds the budget: ``DASHBOARD_VIEW_CACHE_MB`` megabytes (default ``DEFAULT_MB``; 0 disables the
cache). An entry larger than the whole budget is returned but not kept. Errors are not cached
(the loader caches them).

What an entry's size counts (``estimate``), walking the value through dataclass fields, tuples,
lists and dicts: each Plotly figure as the length of its JSON (figures dominate a view), each
DataFrame's ``memory_usage(deep=True)``, the length of bytes and texts. Objects reached twice in
one entry count once; a section shared by two entries (a page view and its memoised section)
counts in both, so the estimate errs high. Interpreter overhead (dicts, small objects) is not
counted. Loaded tables and GeoJSON are not here: the loader keeps one version of each
(components/data.py, components/geodata.py).
"""

from __future__ import annotations

import dataclasses
import functools
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
import plotly.graph_objects as go

BUDGET_ENV = "DASHBOARD_VIEW_CACHE_MB"
DEFAULT_MB = 64.0
MB = 1024 * 1024
T = TypeVar("T")


def estimate(value: Any) -> int:
    """The estimated bytes of ``value`` (see the module docstring for what is counted)."""
    seen: set[int] = set()
    total = 0
    stack = [value]
    while stack:
        item = stack.pop()
        if item is None or isinstance(item, (bool, int, float)) or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, go.Figure):
            total += len(item.to_json())
        elif isinstance(item, (pd.DataFrame, pd.Series)):
            memory = item.memory_usage(deep=True)
            total += int(memory.sum() if isinstance(memory, pd.Series) else memory)
        elif isinstance(item, (str, bytes)):
            total += len(item)
        elif dataclasses.is_dataclass(item) and not isinstance(item, type):
            stack.extend(getattr(item, f.name, None) for f in dataclasses.fields(item))
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, (tuple, list, set, frozenset)):
            stack.extend(item)
    return total


class ViewCache:
    """Least recently used entries of one data version, within ``budget`` bytes in all."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.version: Hashable = None
        self.entries: OrderedDict[Hashable, tuple[Any, int]] = OrderedDict()
        self.bytes = 0
        self._lock = threading.Lock()

    def get(self, key: Hashable, version: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if version != self.version:
                self._clear(version)
            hit = self.entries.get(key)
            if hit is not None:
                self.entries.move_to_end(key)
                return hit[0]
        value = build()  # outside the lock: two sessions may build one view at once, never wait on each other
        size = estimate(value) if self.budget > 0 else 0
        with self._lock:
            if version != self.version or size > self.budget or key in self.entries:
                return value
            self.entries[key] = (value, size)
            self.bytes += size
            while self.bytes > self.budget:
                _, (_, dropped) = self.entries.popitem(last=False)
                self.bytes -= dropped
        return value

    def clear(self) -> None:
        with self._lock:
            self._clear(None)

    def _clear(self, version: Hashable) -> None:
        self.entries.clear()
        self.bytes = 0
        self.version = version


def budget_from_env() -> int:
    """``DASHBOARD_VIEW_CACHE_MB`` in bytes (a bad or negative value falls back to the default)."""
    try:
        megabytes = float(os.environ.get(BUDGET_ENV, DEFAULT_MB))
    except ValueError:
        megabytes = DEFAULT_MB
    return int((megabytes if megabytes >= 0 else DEFAULT_MB) * MB)


VIEWS = ViewCache(budget_from_env())


def memoise(function: Callable[..., T], cache: ViewCache | None = None) -> Callable[..., T]:
    """``function(*args)`` kept in ``cache`` (``VIEWS``) per arguments and data version."""
    from components import data  # data imports no view code; imported here to keep this module light

    name = f"{function.__module__}.{function.__qualname__}"

    @functools.wraps(function)
    def cached(*args: Hashable) -> T:
        return (cache or VIEWS).get((name, args), data.version(), lambda: function(*args))

    return cached
