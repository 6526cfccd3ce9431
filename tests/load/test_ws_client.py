"""The protocol client behind bench/load.py tells a finished run from a failed one.

A load number is only as good as its error count: check, against real servers, that a
healthy page ends in script_finished and that an exception in the script is an error even
though the client only sees Streamlit's redacted message (client.showErrorDetails = "none").
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FLOOR = Path(__file__).resolve().parent / "floor_app.py"

pytestmark = pytest.mark.load


def _load_bench():
    if "bench_load" in sys.modules:
        return sys.modules["bench_load"]
    spec = importlib.util.spec_from_file_location("bench_load", ROOT / "bench" / "load.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_load"] = module
    spec.loader.exec_module(module)
    return module


load = _load_bench()


def test_floor_run_finishes_with_its_elements():
    with load.StreamlitServer(FLOOR) as server:
        result = load.ws_client.run(load.ws_client.one_run(server.url, "partner=RUS&partner=CHN", timeout=30))
    assert result.ok, result.error
    assert result.deltas >= 2 and result.seconds < 30  # title + chart


def test_exception_in_script_counts_as_error(tmp_path):
    broken = tmp_path / "broken_app.py"
    broken.write_text('import streamlit as st\nst.title("before")\nraise ValueError("boom")\n')
    with load.StreamlitServer(broken) as server:
        result = load.ws_client.run(load.ws_client.one_run(server.url, "partner=RUS", timeout=30))
        log = server.log_tail(40)
    assert not result.ok and result.error.startswith("exception:")
    assert "ValueError" in log  # the real error is in the server log, not on the wire


def test_unreachable_server_is_an_error_not_a_hang():
    port = load.free_port()  # nothing listens there
    result = load.ws_client.run(load.ws_client.one_run(f"http://127.0.0.1:{port}", "", timeout=5))
    assert not result.ok and result.error.startswith("connect:")
