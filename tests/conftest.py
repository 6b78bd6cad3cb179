"""Fixtures and reporting shared by the whole suite: the local web server (one per test run),
and one summary line for the tests that need ../shared/corpus where it is absent."""

from __future__ import annotations

from tests.support.corpus import ABSENT, CORPUS
from tests.support.localweb import localweb  # noqa: F401  (a session fixture)
from tests.support.market import market  # noqa: F401  (a session fixture)
from tests.support.spark import spark  # noqa: F401  (a session fixture)

_NO_CORPUS = "no corpus"


def pytest_report_teststatus(report, config):
    """A test skipped for want of the corpus is counted apart, not listed one by one."""
    if report.skipped and ABSENT in str(report.longrepr):
        return _NO_CORPUS, "c", "SKIPPED (no corpus)"
    return None


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    skipped = len(terminalreporter.stats.get(_NO_CORPUS, []))
    if skipped:
        terminalreporter.write_line(
            f"{skipped} tests that read the shared corpus were skipped: {CORPUS} is absent here "
            "(CI has it, and there they run)")
