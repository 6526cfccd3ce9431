"""A bound on what one session may cost: the CPU time of its page runs, as a token bucket.

nginx limits sockets per address and handshakes per second, but it sees a WebSocket's frames only
as bytes: one socket can ask for a rerun many times a second, each with a new filter state, and
a run for a new state builds its views from scratch. Measured: 5 sockets sending 20 reruns a
second each made a replica's health checks time out (tests/load/test_flood.py).

Two things bound that. `runner.fastReruns = false` (.streamlit/config.toml) keeps one script
thread per session, so reruns that arrive while a run computes are folded into one instead of
starting runs side by side. And here: each session has a bucket of CPU seconds (BURST at once,
refilled at SHARE seconds a second: a 5 % share of one core); the page run is charged the CPU
time its thread used (time.thread_time, also when a newer rerun interrupts it). A session in
debt waits before its next page run (time.sleep in its own thread: no CPU; the newest request
meanwhile interrupts the waiting run before any work) and the page says so with a toast.
Counting runs would not do: a run for a new state costs a hundred times one for a cached state,
and under load every run is slow. An analyst spends a few per cent of the burst per change.

    from components import fairness
    fairness.run_paced(navigation)   # in app.py, instead of navigation.run()

DASHBOARD_CPU_SHARE (0 turns the bound off) and DASHBOARD_CPU_BURST_S override the values.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import streamlit as st

SHARE = float(os.environ.get("DASHBOARD_CPU_SHARE", "0.05"))
BURST = float(os.environ.get("DASHBOARD_CPU_BURST_S", "2"))
MAX_WAIT = 10.0  # s; a debt is never larger than this wait repays
STATE_KEY = "_fairness_bucket"
NOTICE = "Slow down: this view is changing faster than the server can share; it is drawn in {wait:.0f} s."


@dataclass
class TokenBucket:
    """`capacity` tokens, refilled at `rate` a second; `wait()` says how long until it is out of debt."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, capacity: float, now: float) -> TokenBucket:
        return cls(rate, capacity, capacity, now)

    def refill(self, now: float) -> None:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now

    def wait(self, now: float) -> float:
        self.refill(now)
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate

    def spend(self, amount: float, now: float, max_wait: float = MAX_WAIT) -> None:
        """Spend `amount`; the debt is capped at `max_wait` seconds of refill, so nobody pays on
        for long after they stop."""
        self.refill(now)
        self.tokens = max(self.tokens - amount, -max_wait * self.rate)


def pace(share: float = SHARE, burst: float = BURST, clock=time.monotonic, sleep=None) -> TokenBucket | None:
    """Wait, with a visible notice, while this session is in debt; its bucket (None: not paced).

    Only sessions with a client connection are paced: a script run with no HTTP request behind
    it (AppTest, bare mode) has no socket to flood from, and its runs follow the test's code.
    """
    if share <= 0 or not st.context.headers:
        return None
    now = clock()
    bucket = st.session_state.get(STATE_KEY)
    if not isinstance(bucket, TokenBucket):
        bucket = st.session_state[STATE_KEY] = TokenBucket.full(share, burst, now)
    wait = bucket.wait(now)
    if wait > 0:
        # A toast: seen at once, and it moves nothing on the page under the analyst's pointer.
        st.toast(NOTICE.format(wait=max(wait, 1.0)), icon=":material/hourglass_top:")
        (sleep or time.sleep)(wait)
    return bucket


def run_paced(navigation, clock=time.monotonic, cpu_clock=time.thread_time) -> None:
    """`navigation.run()`, after any wait this session owes, charging the run's CPU time."""
    bucket = pace(clock=clock)
    started = cpu_clock()
    try:
        navigation.run()
    finally:  # also when a newer rerun or st.stop() ends the run early
        if bucket is not None:
            bucket.spend(max(cpu_clock() - started, 0.0), clock())
