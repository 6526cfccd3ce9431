"""The corruption corpus: 49 kinds of malformed or unexpected package, each a generator that
breaks a fresh copy of data/ (see README.md here). Used by tests/test_corruption.py."""

from tests.corpus.kinds import KINDS, Kind, apply  # noqa: F401
