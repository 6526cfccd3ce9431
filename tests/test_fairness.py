"""components/fairness.py: the token bucket that bounds reruns per session (values by hand)."""

from __future__ import annotations

import pytest

from components import fairness
from components.fairness import TokenBucket


def test_a_full_bucket_serves_its_burst_then_one_run_per_refill():
    bucket = TokenBucket.full(rate=2, capacity=3, now=0.0)
    assert [bucket.take(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(0.0) == pytest.approx(0.5)  # 1 token at 2 a second
    bucket.tokens = -1.0
    assert bucket.take(0.5) == pytest.approx(0.5)  # refilled to 0 by then, then spent ahead again


def test_the_bucket_refills_to_its_capacity_and_no_further():
    bucket = TokenBucket.full(rate=2, capacity=3, now=0.0)
    for _ in range(3):
        bucket.take(0.0)
    assert bucket.take(100.0) == 0.0
    assert bucket.tokens == pytest.approx(2.0)  # capacity 3 minus the one just taken


def test_pace_reruns_waits_only_past_the_burst_and_never_longer_than_one_refill(monkeypatch):
    state: dict = {}
    monkeypatch.setattr(fairness.st, "session_state", state)
    toasts: list[str] = []
    monkeypatch.setattr(fairness.st, "toast", lambda text, icon=None: toasts.append(text))
    slept: list[float] = []
    waits = [fairness.pace_reruns(rate=4, burst=2, clock=lambda: 10.0, sleep=slept.append) for _ in range(5)]
    assert waits == [0.0, 0.0, 0.25, 0.25, 0.25]
    assert slept == [0.25, 0.25, 0.25]
    assert toasts[0] == "Slow down: this view changes faster than the server allows (4 a second); it is drawn in 0.2 s."
    assert len(toasts) == 3


def test_a_zero_rate_turns_the_bound_off(monkeypatch):
    monkeypatch.setattr(fairness.st, "session_state", {})
    assert fairness.pace_reruns(rate=0, burst=0, sleep=lambda s: pytest.fail("slept")) == 0.0
