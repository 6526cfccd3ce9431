"""components/fairness.py: the token bucket that bounds reruns per session (values by hand)."""

from __future__ import annotations

import pytest

from components import fairness
from components.fairness import TokenBucket


@pytest.fixture(autouse=True)
def a_connected_session(monkeypatch):
    """As in a served session (AppTest and bare mode have no request headers: never paced)."""
    monkeypatch.setattr(fairness.st, "context", type("Context", (), {"headers": {"Host": "127.0.0.1:8501"}})())


def test_a_full_bucket_serves_its_burst_then_one_run_per_refill():
    bucket = TokenBucket.full(rate=0.2, capacity=3, now=0.0)
    assert [bucket.take(0.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert bucket.take(0.0) == pytest.approx(5.0)  # 1 token at 0.2 a second
    assert bucket.take(0.0) == pytest.approx(5.0)  # the debt stays at one token
    assert bucket.take(5.0) == pytest.approx(5.0)  # refilled to 0 by then, then spent ahead again


def test_the_bucket_refills_to_its_capacity_and_no_further():
    bucket = TokenBucket.full(rate=0.2, capacity=3, now=0.0)
    for _ in range(3):
        bucket.take(0.0)
    assert bucket.take(1000.0) == 0.0
    assert bucket.tokens == pytest.approx(2.0)  # capacity 3 minus the one just taken


def test_only_rapid_starts_cost_a_token_and_a_session_out_of_tokens_is_told_to_slow_down(monkeypatch):
    monkeypatch.setattr(fairness.st, "session_state", {})
    toasts: list[str] = []
    monkeypatch.setattr(fairness.st, "toast", lambda text, icon=None: toasts.append(text))
    slept: list[float] = []
    starts = iter([0.0, 10.0, 20.0, 20.5, 21.0, 21.5, 30.0])
    waits = [fairness.pace_reruns(rate=0.2, burst=2, clock=lambda: next(starts), sleep=slept.append) for _ in range(7)]
    # 0, 10, 20: 10 s apart, free; 20.5 and 21: rapid, the 2 tokens (0.1 refilled by 21); 21.5:
    # rapid, 0.2 of a token left, 0.8 owed at 0.2 a second; 30: free.
    assert waits == [0.0, 0.0, 0.0, 0.0, 0.0, pytest.approx(4.0), 0.0]
    assert slept == [pytest.approx(4.0)]
    assert toasts == ["Slow down: this view is changing faster than the server can share; it is drawn in 4 s."]


def test_a_zero_rate_turns_the_bound_off(monkeypatch):
    monkeypatch.setattr(fairness.st, "session_state", {})
    assert fairness.pace_reruns(rate=0, burst=0, sleep=lambda s: pytest.fail("slept")) == 0.0


def test_a_session_without_a_client_connection_is_never_paced(monkeypatch):
    monkeypatch.setattr(fairness.st, "session_state", {})
    monkeypatch.setattr(fairness.st, "context", type("Context", (), {"headers": {}})())
    starts = iter([0.0, 0.1, 0.2, 0.3])
    waits = [fairness.pace_reruns(rate=0.2, burst=1, clock=lambda: next(starts), sleep=lambda s: pytest.fail("slept"))
             for _ in range(4)]  # fmt: skip
    assert waits == [0.0] * 4
