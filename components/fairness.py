"""A bound on script reruns per session: a token bucket in the session's own state.

nginx limits sockets per address and handshakes per second, but it sees a WebSocket's frames only
as bytes: one socket can ask for a rerun many times a second, each with a new widget state, and
every rerun is a full page run on the replica's one interpreter. Here each session may start
BURST runs at once and RATE a second after that. A run over the bound waits (time.sleep in the
session's own script thread: no CPU, and Streamlit folds the reruns that arrive meanwhile into
one) and the page says so. While a flood continues, every new rerun request interrupts the
waiting run at its next Streamlit call, so a flooding session costs almost nothing; a person
clicking quickly sees their last choice drawn, a moment later.

    from components import fairness
    fairness.pace_reruns()   # in app.py, before any work

DASHBOARD_RERUNS_PER_SECOND and DASHBOARD_RERUN_BURST override the bound (tests, big servers).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

import streamlit as st

RATE = float(os.environ.get("DASHBOARD_RERUNS_PER_SECOND", "2"))
BURST = float(os.environ.get("DASHBOARD_RERUN_BURST", "10"))
STATE_KEY = "_fairness_bucket"
NOTICE = "Slow down: this view changes faster than the server allows ({rate:g} a second); it is drawn in {wait:.1f} s."


@dataclass
class TokenBucket:
    """`capacity` tokens, refilled at `rate` a second; `take()` says how long to wait for one."""

    rate: float
    capacity: float
    tokens: float
    updated: float

    @classmethod
    def full(cls, rate: float, capacity: float, now: float) -> TokenBucket:
        return cls(rate, capacity, capacity, now)

    def take(self, now: float) -> float:
        """Spend one token; return 0 if one was there, else the seconds until it will be (spent ahead)."""
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
        self.updated = now
        self.tokens -= 1
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


def pace_reruns(rate: float = RATE, burst: float = BURST, clock=time.monotonic, sleep=time.sleep) -> float:
    """Wait, with a visible notice, when this session reruns faster than the bound; return the wait."""
    if rate <= 0:
        return 0.0
    now = clock()
    bucket = st.session_state.get(STATE_KEY)
    if not isinstance(bucket, TokenBucket):
        bucket = st.session_state[STATE_KEY] = TokenBucket.full(rate, burst, now)
    wait = bucket.take(now)
    if wait > 0:
        # A debt beyond one token would punish the session after the flood stops: the bucket
        # never owes more than the one run being delayed.
        bucket.tokens = max(bucket.tokens, -1.0)
        wait = min(wait, 1.0 / rate)
        # A toast: seen at once, and it moves nothing on the page under the analyst's pointer.
        st.toast(NOTICE.format(rate=rate, wait=wait), icon=":material/hourglass_top:")
        sleep(wait)
    return wait
