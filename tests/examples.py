"""How many Hypothesis examples a property test runs under the loaded profile (tests/conftest.py)."""

from __future__ import annotations

from hypothesis import settings

CI_EXAMPLES = 100  # max_examples of the "ci" profile


def examples(full: int) -> int:
    """``full`` under the ci profile; the same fraction of it as the loaded profile's share of ci (at least 2)."""
    return max(2, round(full * settings.default.max_examples / CI_EXAMPLES))
