"""Errors of the candidate sources; the command line prints each as one line and exits 1."""

from __future__ import annotations

from analysis.errors import AnalysisError


class BadWebGraph(AnalysisError):
    """Web graph files that are missing, unreadable or not in Common Crawl's text format."""


class UnknownWebGraph(AnalysisError):
    """A web graph name or directory that holds no imported graph."""


class BadGscExport(AnalysisError):
    """A Search Console export that cannot be read, or holds no Links report table."""
