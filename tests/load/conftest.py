"""Load and deployment tests: real Streamlit processes (and nginx) on loopback ports."""


def pytest_configure(config):
    config.addinivalue_line(
        "markers", "load: starts real Streamlit servers (and nginx); slow, run with -m load"
    )
