"""A bound on reruns per session: a token bucket in the session's own state.

nginx limits sockets per address and handshakes per second, but it sees a WebSocket's frames only
as bytes: one socket can ask for a rerun many times a second, each with a new filter state, and
a run for a new state builds its views from scratch. Measured: 5 sockets sending 20 reruns a
second each made a replica's health checks time out (tests/load/test_flood.py).

Two things bound that. `runner.fastReruns = false` (.streamlit/config.toml) keeps one script
thread per session, so reruns that arrive while a run computes are folded into one instead of
starting runs side by side. And here: a run that starts within RAPID_WINDOW s of the session's
previous start costs a token; BURST tokens, refilled at RATE a second. A run without a token
waits for it (time.sleep in the session's own thread: no CPU; the newest request meanwhile
interrupts the waiting run at its next Streamlit call, before any work) and the page says so
with a toast. An analyst who looks at each result before the next change never pays; quick
changes draw on the burst; a flood gets one run per 1/RATE s.

    from components import fairness
    fairness.pace_reruns()   # in app.py, before any work

DASHBOARD_RERUNS_PER_SECOND (0 turns the bound off) and DASHBOARD_RERUN_BURST override the values.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import streamlit as st

RATE = float(os.environ.get("DASHBOARD_RERUNS_PER_SECOND", "0.2"))
BURST = float(os.environ.get("DASHBOARD_RERUN_BURST", "8"))
RAPID_WINDOW = 1.5  # s between two starts of one session; slower changes are free
STATE_KEY = "_fairness_bucket"
NOTICE = "Slow down: this view is changing faster than the server can share; it is drawn in {wait:.0f} s."


@dataclass
class TokenBucket:
    """`capacity` tokens, refilled at `rate` a second; `take()` says how long to wait for one."""

    rate: float
    capacity: float
    tokens: float
    updated: float
    last_start: float | None = None  # the session's previous run start

    @classmethod
    def full(cls, rate: float, capacity: float, now: float) -> TokenBucket:
        return cls(rate, capacity, capacity, now)

    def take(self, now: float) -> float:
        """Spend one token; return 0 if one was there, else the seconds until it is (at most 1/rate:
        the debt never exceeds the one run being delayed, so nobody pays on after a flood stops)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens = max(self.tokens - 1, -1.0)
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


def pace_reruns(rate: float = RATE, burst: float = BURST, clock=time.monotonic, sleep=time.sleep) -> float:
    """Wait, with a visible notice, when this session reruns faster than the bound; return the wait.

    Only sessions with a client connection are paced: a script run with no HTTP request behind
    it (AppTest, bare mode) has no socket to flood from, and its runs follow the test's code.
    """
    if rate <= 0 or not st.context.headers:
        return 0.0
    now = clock()
    bucket = st.session_state.get(STATE_KEY)
    if not isinstance(bucket, TokenBucket):
        bucket = st.session_state[STATE_KEY] = TokenBucket.full(rate, burst, now)
    rapid = bucket.last_start is not None and now - bucket.last_start < RAPID_WINDOW
    bucket.last_start = now
    wait = bucket.take(now) if rapid else 0.0
    if wait > 0:
        # A toast: seen at once, and it moves nothing on the page under the analyst's pointer.
        st.toast(NOTICE.format(wait=max(wait, 1.0)), icon=":material/hourglass_top:")
        sleep(wait)
    return wait
