"""The shared view cache (components/memo.py): bounded in bytes, one data version at a time."""

from __future__ import annotations

import random

import pandas as pd
import plotly.graph_objects as go
import pytest

from components import memo
from components.sections import Section


def blob(size: int) -> bytes:
    return b"x" * size


def test_a_tiny_budget_keeps_only_the_newest_entries():
    cache = memo.ViewCache(budget=250)
    for key in range(5):
        cache.get(key, "v1", lambda key=key: blob(100))
    assert list(cache.entries) == [3, 4]
    assert cache.bytes == 200


def test_a_hit_counts_as_recent_use():
    cache = memo.ViewCache(budget=250)
    cache.get("a", "v1", lambda: blob(100))
    cache.get("b", "v1", lambda: blob(100))
    assert cache.get("a", "v1", lambda: b"rebuilt") == blob(100)  # hit: not rebuilt
    cache.get("c", "v1", lambda: blob(100))
    assert list(cache.entries) == ["a", "c"]


def test_an_entry_larger_than_the_budget_is_returned_not_kept():
    cache = memo.ViewCache(budget=250)
    cache.get("small", "v1", lambda: blob(100))
    assert cache.get("big", "v1", lambda: blob(300)) == blob(300)
    assert list(cache.entries) == ["small"]


def test_a_new_data_version_empties_the_old_entries():
    cache = memo.ViewCache(budget=10_000)
    for key in range(3):
        cache.get(key, "v1", lambda: blob(100))
    assert cache.get(0, "v2", lambda: b"new") == b"new"  # not the v1 value
    assert list(cache.entries) == [0]
    assert cache.bytes == 3
    assert cache.version == "v2"


def test_errors_are_not_cached():
    cache = memo.ViewCache(budget=10_000)

    def fail():
        raise ValueError("bad data")

    with pytest.raises(ValueError, match="bad data"):
        cache.get("k", "v1", fail)
    assert cache.entries == {} and cache.bytes == 0


def test_the_bound_holds_after_many_random_states():
    rng = random.Random(22)
    cache = memo.ViewCache(budget=5_000)
    for _ in range(500):
        key = (rng.randrange(200), rng.choice(["latest", "article"]))
        cache.get(key, "v1", lambda: blob(rng.randrange(1, 1_500)))
        assert cache.bytes <= 5_000
        assert cache.bytes == sum(size for _, size in cache.entries.values())
    assert len(cache.entries) >= 4  # entries of at most 1,499 bytes: more than three fit


def test_estimate_counts_figure_json_rows_table_and_csv():
    frame = pd.DataFrame({"partner": ["RUS", "CHN"], "value": [1.5, 2.5]})
    figure = go.Figure(go.Bar(x=["RUS", "CHN"], y=[1.5, 2.5]))
    section = Section("k", "Title", frame, (), figure=figure, table=frame)
    expected = (len(section.figure.to_json()) + int(frame.memory_usage(deep=True).sum())  # rows and table: one object
                + len(section.csv) + len("k") + len("Title") + len("chart") + sum(len(s) for s in section.sources))
    assert memo.estimate(section) == expected
    assert memo.estimate((section, section)) == expected  # reached twice, counted once


def test_the_budget_comes_from_the_environment(monkeypatch):
    monkeypatch.setenv(memo.BUDGET_ENV, "2.5")
    assert memo.budget_from_env() == int(2.5 * 1024 * 1024)
    monkeypatch.setenv(memo.BUDGET_ENV, "lots")
    assert memo.budget_from_env() == int(memo.DEFAULT_MB * 1024 * 1024)


def test_memoise_keys_by_function_and_arguments(monkeypatch):
    cache = memo.ViewCache(budget=10_000)
    calls = []

    def build(x):
        calls.append(x)
        return f"built {x}"

    cached = memo.memoise(build, cache)
    assert [cached(1), cached(1), cached(2)] == ["built 1", "built 1", "built 2"]
    assert calls == [1, 2]
