"""Fixtures shared by the whole suite: the local web server (one per test run)."""

from tests.support.localweb import localweb  # noqa: F401  (a session fixture)
