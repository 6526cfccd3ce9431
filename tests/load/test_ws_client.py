"""The protocol client behind bench/load.py tells a finished run from a failed one.

A load number is only as good as its error count: check, against real servers, that a
healthy page ends in script_finished and that an exception in the script is an error even
though the client only sees Streamlit's redacted message (client.showErrorDetails = "none").
"""

from __future__ import annotations

import pytest

from bench import ws_client
from tests.harness import FLOOR_APP, StreamlitServer, free_port

pytestmark = pytest.mark.load


def test_floor_run_finishes_with_its_elements():
    with StreamlitServer(FLOOR_APP) as server:
        result = ws_client.run(ws_client.one_run(server.url, "partner=RUS&partner=CHN", timeout=30))
    assert result.ok, result.error
    assert result.deltas >= 2 and result.seconds < 30  # title + chart


def test_exception_in_script_counts_as_error(tmp_path):
    broken = tmp_path / "broken_app.py"
    broken.write_text('import streamlit as st\nst.title("before")\nraise ValueError("boom")\n')
    with StreamlitServer(broken) as server:
        result = ws_client.run(ws_client.one_run(server.url, "partner=RUS", timeout=30))
        log = server.log_tail(40)
    assert not result.ok and result.error.startswith("exception:")
    assert "ValueError" in log  # the real error is in the server log, not on the wire


def test_unreachable_server_is_an_error_not_a_hang():
    port = free_port()  # nothing listens there
    result = ws_client.run(ws_client.one_run(f"http://127.0.0.1:{port}", "", timeout=5))
    assert not result.ok and result.error.startswith("connect:")
