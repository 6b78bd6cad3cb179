"""Errors that the command line turns into one line on stderr and a non-zero exit."""

from __future__ import annotations


class BacklinksError(Exception):
    """Base of the errors a user can act on; the message is the whole story."""


class BadSeed(BacklinksError):
    """A seed that is neither a domain name nor an http(s) URL."""


class SeedsFileError(BacklinksError):
    """A seeds file that cannot be read."""


class BadCrawlId(BacklinksError):
    """A crawl id that breaks the rule of pipelines/dataset/layout.py (it names directories)."""


class BadWorkerId(BacklinksError):
    """A worker id that breaks the same rule (it names files and Redis keys)."""


class StorageFailed(BacklinksError):
    """A write to the data directory failed; the crawl stopped (what is durable stays readable)."""
