"""components/fairness.py: the CPU-time bucket that bounds what one session costs (values by hand)."""

from __future__ import annotations

import contextlib

import pytest

from components import fairness
from components.fairness import TokenBucket


@pytest.fixture(autouse=True)
def a_connected_session(monkeypatch):
    """As in a served session (AppTest and bare mode have no request headers: never paced)."""
    monkeypatch.setattr(fairness.st, "context", type("Context", (), {"headers": {"Host": "127.0.0.1:8501"}})())
    monkeypatch.setattr(fairness.st, "session_state", {})


def test_the_bucket_serves_its_burst_then_waits_for_the_refill():
    bucket = TokenBucket.full(rate=0.05, capacity=2.0, now=0.0)
    bucket.spend(1.5, now=0.0)
    assert bucket.wait(now=0.0) == 0.0
    bucket.spend(0.6, now=0.0)  # 0.1 s in debt at 0.05 s a second
    assert bucket.wait(now=0.0) == pytest.approx(2.0)
    assert bucket.wait(now=2.0) == 0.0


def test_the_debt_is_capped_and_the_refill_stops_at_capacity():
    bucket = TokenBucket.full(rate=0.05, capacity=2.0, now=0.0)
    bucket.spend(30.0, now=0.0, max_wait=10.0)
    assert bucket.tokens == pytest.approx(-0.5) and bucket.wait(now=0.0) == pytest.approx(10.0)
    assert bucket.wait(now=1000.0) == 0.0 and bucket.tokens == pytest.approx(2.0)


class Navigation:
    def __init__(self, cpu: list[float], cost: float, interrupt: bool = False):
        self.cpu, self.cost, self.interrupt = cpu, cost, interrupt

    def run(self):
        self.cpu[0] += self.cost
        if self.interrupt:
            raise RuntimeError("a newer rerun")  # stands for Streamlit's RerunException


def test_runs_are_charged_their_cpu_and_a_session_in_debt_waits_with_a_notice(monkeypatch):
    toasts: list[str] = []
    monkeypatch.setattr(fairness.st, "toast", lambda text, icon=None: toasts.append(text))
    slept: list[float] = []
    monkeypatch.setattr(fairness.time, "sleep", slept.append)
    cpu = [0.0]
    for cost, interrupt in ((1.5, False), (0.6, True)):  # the second run is interrupted: still charged
        with contextlib.suppress(RuntimeError):
            fairness.run_paced(Navigation(cpu, cost, interrupt), clock=lambda: 0.0, cpu_clock=lambda: cpu[0])
    assert slept == [] and toasts == []
    fairness.run_paced(Navigation(cpu, 0.01), clock=lambda: 0.0, cpu_clock=lambda: cpu[0])
    assert slept == [pytest.approx(2.0)]  # 2.1 s spent of a 2.0 s burst: 0.1 s owed at 0.05 s a second
    assert toasts == ["Slow down: this view is changing faster than the server can share; it is drawn in 2 s."]


def test_a_session_without_a_client_connection_or_with_a_zero_share_is_never_paced(monkeypatch):
    monkeypatch.setattr(fairness.st, "context", type("Context", (), {"headers": {}})())
    assert fairness.pace(share=0.05, burst=0, sleep=lambda s: pytest.fail("slept")) is None
    monkeypatch.setattr(fairness.st, "context", type("Context", (), {"headers": {"Host": "h"}})())
    assert fairness.pace(share=0, burst=0, sleep=lambda s: pytest.fail("slept")) is None
