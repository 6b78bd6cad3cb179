"""Errors that the command line turns into one line on stderr and a non-zero exit."""

from __future__ import annotations


class BacklinksError(Exception):
    """Base of the errors a user can act on; the message is the whole story."""


class BadSeed(BacklinksError):
    """A seed that is neither a domain name nor an http(s) URL."""


class SeedsFileError(BacklinksError):
    """A seeds file that cannot be read."""
