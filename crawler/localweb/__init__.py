"""The local web: a deterministic generator of hosts and pages with planted links, the ground
truth of those links, and one loopback HTTP proxy server that answers for all of them.

``generator.LocalWeb`` builds the web, ``server.serve`` serves it, ``truth.read_truth`` reads a
truth file back. See ``generator``'s docstring for the hosts and features. ``wide.WideWeb`` is
the wide mode (thousands of topical sites, directories as seeds, a target to discover), its
truth read back by ``widetruth.read_wide_truth``.
"""

from __future__ import annotations

from crawler.localweb.generator import LocalWeb
from crawler.localweb.model import Reply
from crawler.localweb.server import serve
from crawler.localweb.truth import read_truth
from crawler.localweb.wide import WideWeb
from crawler.localweb.widetruth import read_wide_truth

__all__ = ["LocalWeb", "Reply", "WideWeb", "read_truth", "read_wide_truth", "serve"]
