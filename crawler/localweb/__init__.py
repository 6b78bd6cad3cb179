"""The local web: a deterministic generator of hosts and pages with planted links, the ground
truth of those links, and one loopback HTTP proxy server that answers for all of them.

``generator.LocalWeb`` builds the web, ``server.serve`` serves it, ``truth.read_truth`` reads a
truth file back. See ``generator``'s docstring for the hosts and features.
"""

from __future__ import annotations

from crawler.localweb.generator import LocalWeb
from crawler.localweb.model import Reply
from crawler.localweb.server import serve
from crawler.localweb.truth import read_truth

__all__ = ["LocalWeb", "Reply", "read_truth", "serve"]
