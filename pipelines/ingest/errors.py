"""Errors of WARC ingest that the command line prints as one line (crawler.errors)."""

from __future__ import annotations

from crawler.errors import BacklinksError


class IngestError(BacklinksError):
    """Base of the ingest errors a user can act on."""


class NoInput(IngestError):
    """A path, directory or glob that names no WARC file."""


class SourceError(IngestError):
    """A remote URI that cannot be reached or listed."""


class IngestLocked(IngestError):
    """Another ingest into the same crawl id is running."""


class CrawlIdTaken(IngestError):
    """A crawl id that a crawl (not an ingest) wrote: its manifest would be replaced."""


class BadIngestManifest(IngestError):
    """An ingest manifest of another version (or unreadable): resuming from it is unsafe."""


class BadReader(IngestError):
    """A WARC reader that is unknown or not installed."""
