"""Spider traps: an endless calendar, a session-id shop, a path that repeats itself.

* ``www.events-calendar.org/calendar?month=2026-11`` links to the previous and the next month,
  forever (any month from 1000-01 to 9999-12 answers).
* ``www.session-shop.com``: ten pages, and every link carries ``?PHPSESSID=<random per
  response>``; the truth target is without it. Any PHPSESSID (or none) answers the same page.
* ``www.mirror-maze.net/x/`` links to ``x/`` (so ``/x/x/``, ``/x/x/x/`` ...), forever.

On demand (``fanout_sites(n)``, served by ``LocalWeb(fanout=n)``), sites larger than any page
budget: every page of ``www.link-fanout-<k>.net`` links to ``FANOUT`` new pages of its own
site (``/p/<i>.html`` to ``/p/<FANOUT*i+1>.html`` ... ``/p/<FANOUT*i+FANOUT>.html``, a tree
without end), so a crawl that queues every link it finds queues ``FANOUT`` requests per page
fetched. Nothing links to them: their home pages are their seeds.

Their home pages are ordinary (``trap`` false); the pages past them are ``trap`` true, and the
truth lists a window of them (``TRUTH_WINDOW``), with the links they carry.
"""

from __future__ import annotations

import re

from .catalogue import CALENDAR_HOST, REPEAT_HOST, SESSION_HOST
from .links import Target
from .model import Link, Page

START_MONTH = "2026-11"
TRUTH_WINDOW = 6
SID_PLACEHOLDER = "S" * 32  # replaced by a random id in every response
FANOUT = 300  # new pages each page of a fanout site links to
_MONTH = re.compile(r"month=(\d{4})-(\d{2})$")


def _shift(year: int, month: int, delta: int) -> tuple[int, int]:
    n = year * 12 + month - 1 + delta
    return n // 12, n % 12 + 1


class TrapSite:
    """One trap host: ``build(path)`` gives its page, ``truth_paths()`` the window listed."""

    robots = "allow"
    gzip = True

    def __init__(self, host: str, name: str) -> None:
        self.host, self.name = host, name
        self.root = f"http://{host}"

    def target(self) -> Target:
        return Target(self.root + "/", self.name, self.name, self.host, "en")

    def _page(self, path: str, title: str, trap: bool) -> Page:
        home = Link(self.root + "/", "Home", "nav", "", "root")
        return Page(self.root + path, title=title, links=[home], trap=trap, site_name=self.name,
                    paragraphs=[f"{self.name}: {title}."])

    def build(self, path: str) -> Page | None:
        raise NotImplementedError

    def truth_paths(self) -> list[str]:
        raise NotImplementedError


class Calendar(TrapSite):
    def build(self, path: str) -> Page | None:
        if path == "/":
            page = self._page(path, "Events calendar", False)
            page.links.append(Link(f"{self.root}/calendar?month={START_MONTH}", "This month"))
            return page
        match = _MONTH.fullmatch(path.removeprefix("/calendar?")) if path.startswith(
            "/calendar?") else None
        if match is None or not 1 <= int(match[2]) <= 12 or int(match[1]) < 1000:
            return None
        year, month = int(match[1]), int(match[2])
        page = self._page(path, f"Events in {year}-{month:02d}", True)
        for label, delta in (("Previous month", -1), ("Next month", 1)):
            y, m = _shift(year, month, delta)
            if 1000 <= y <= 9999:
                page.links.append(Link(f"{self.root}/calendar?month={y}-{m:02d}", label,
                                       style="root"))
        return page

    def truth_paths(self) -> list[str]:
        y, m = (int(x) for x in START_MONTH.split("-"))
        months = (_shift(y, m, d) for d in range(-TRUTH_WINDOW, TRUTH_WINDOW + 1))
        return ["/"] + [f"/calendar?month={yy}-{mm:02d}" for yy, mm in months]


class SessionShop(TrapSite):
    PRODUCTS = 9

    def build(self, path: str) -> Page | None:
        if path == "/":
            page = self._page(path, "Session shop", True)
            page.links += [self._link(f"/product/{k}.html", f"Product {k}")
                           for k in range(1, self.PRODUCTS + 1)]
            return page
        match = re.fullmatch(r"/product/(\d+)\.html", path)
        if match is None or not 1 <= int(match[1]) <= self.PRODUCTS:
            return None
        k = int(match[1])
        page = self._page(path, f"Product {k}", True)
        page.links[0] = self._link("/", "Home", "nav")
        page.links.append(self._link(f"/product/{k % self.PRODUCTS + 1}.html", "Next product"))
        return page

    def _link(self, path: str, anchor: str, placement: str = "content") -> Link:
        return Link(self.root + path, anchor, placement,
                    href=f"{path}?PHPSESSID={SID_PLACEHOLDER}")

    def truth_paths(self) -> list[str]:
        return ["/"] + [f"/product/{k}.html" for k in range(1, self.PRODUCTS + 1)]


class Repeater(TrapSite):
    def build(self, path: str) -> Page | None:
        if path == "/":
            page = self._page(path, "Mirror maze", False)
            page.links.append(Link(self.root + "/x/", "Enter the maze", style="root"))
            return page
        depth = len(path) // 2
        if path != "/x" * depth + "/" or depth < 1:
            return None
        page = self._page(path, f"Maze level {depth}", True)
        page.links.append(Link(self.root + path + "x/", "Deeper", href="x/"))
        return page

    def truth_paths(self) -> list[str]:
        return ["/"] + ["/x" * d + "/" for d in range(1, 2 * TRUTH_WINDOW + 1)]


class Fanout(TrapSite):
    """A site whose every page links to FANOUT new pages of its own: page i is the parent of
    pages FANOUT*i+1 .. FANOUT*i+FANOUT, the home page (page 0) of the first FANOUT."""

    def build(self, path: str) -> Page | None:
        if path == "/":
            number = 0
            page = self._page(path, self.name, False)
        else:
            match = re.fullmatch(r"/p/([1-9][0-9]{0,30})\.html", path)
            if match is None:
                return None
            number = int(match[1])
            page = self._page(path, f"{self.name}: page {number}", True)
        first = FANOUT * number + 1
        page.links += [Link(f"{self.root}/p/{k}.html", f"Page {k}", style="root")
                       for k in range(first, first + FANOUT)]
        return page

    def truth_paths(self) -> list[str]:
        return ["/"] + [f"/p/{k}.html" for k in range(1, TRUTH_WINDOW + 1)]


def fanout_sites(count: int) -> list[TrapSite]:
    """`count` sites larger than any budget (see the module docstring), in a fixed order."""
    return [Fanout(f"www.link-fanout-{k:02d}.net", f"Link Fanout {k}") for k in range(1, count + 1)]


def trap_sites() -> list[TrapSite]:
    return [Calendar(CALENDAR_HOST, "Events Calendar"), SessionShop(SESSION_HOST, "Session Shop"),
            Repeater(REPEAT_HOST, "Mirror Maze")]
