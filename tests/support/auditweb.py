"""A hand-made web for the audit tests (through tests/support/datasets.py), one planted case
per rule; the expected verdicts are worked out by hand.

    target.com          the audited site ("Target Garden Tools")
    uni.edu, news.org, mag.com, blog.net, daily.co.uk
                        strong editorial sites: each links to the next two, to six sources
                        of its own and to target.com in its text, with contacts,
                        descriptions, distinct public addresses
    pbn-a.com, pbn-b.net, pbn-c.org, pbn-d.info
                        a link network: one analytics id, one address, links both ways,
                        "cheap garden tools" to target.com from each
    farm-links.info     a directory page with links to 120 domains
    footer-deals.com    4 pages, each with a dofollow footer link "cheap garden tools"
    casino-bonus.xyz    a casino page linking target.com
    hidden.org          a noindex page linking target.com
    hop.net             /a -> /b -> www.target.com/: two redirects
    new1..new6.top      six thin sites first seen in crawl c2, a week after c1 (a spike)
"""

from __future__ import annotations

from analysis import build
from tests.support.datasets import Dataset, at, link

TARGET = "https://www.target.com/"
STRONG = ["uni.edu", "news.org", "mag.com", "blog.net", "daily.co.uk"]
NETWORK = ["pbn-a.com", "pbn-b.net", "pbn-c.org", "pbn-d.info"]
SPIKE = [f"new{i}.top" for i in range(1, 7)]
TEXT = ("The garden tools market report: spades, rakes and hoses reviewed by our team of "
        "gardeners, with prices and a study of the best tools for small gardens.")


def _page(i: int, **extra):
    base = {"title": f"Garden tools review number {i} for the season", "contacts": [f"editor{i}@mail.example"],
            "meta_description": "Reviews of garden tools and gardening news.",
            "ip_address": f"198.51.{100 + i}.10", "content_length": 6000}
    return {**base, **extra}


def plant(root) -> None:
    ds = Dataset(root)
    ds.manifest("c1", at(0))
    ds.manifest("c2", at(7))
    for c, day in (("c1", 0), ("c2", 7)):
        ds.fetch(c, TARGET, at(day), links=[
            link("https://www.target.com/shop", anchor="Shop", placement="nav"),
            link("https://news.org/", anchor="News", placement="content")],
            **_page(0, title="Target Garden Tools"))
        ds.fetch(c, "https://www.target.com/shop", at(day, 1), **_page(0, title="Garden tools shop"))
    # strong editorial sites, in both crawls
    for c, day in (("c1", 0), ("c2", 7)):
        for i, d in enumerate(STRONG, 1):
            others = [link(f"https://{STRONG[(i + k) % len(STRONG)]}/", anchor="our friends",
                           before=TEXT, after=TEXT) for k in (0, 1)]
            others += [link(f"https://source{i}-{k}.org/", anchor=f"source {k}") for k in range(6)]
            for p in range(3):
                extra = [link(TARGET, anchor="Target Garden Tools", before=TEXT, after=TEXT)] if p == 0 else []
                if p == 1:
                    extra.append(link("https://www.target.com/shop", anchor=f"a review by {d}", rel="nofollow"))
                ds.fetch(c, f"https://{d}/{p}", at(day, 10 + i * 3 + p), links=others + extra, **_page(i))
            ds.fetch(c, f"https://{d}/", at(day, 30 + i), links=[link(f"https://{d}/0", anchor="more")], **_page(i))
    # the link network: shared id and address, links both ways, the same money anchor
    for c, day in (("c1", 0), ("c2", 7)):
        for i, d in enumerate(NETWORK):
            peers = [link(f"https://{o}/", anchor=o) for o in NETWORK if o != d]
            ds.fetch(c, f"https://{d}/", at(day, 40 + i), links=peers + [link(TARGET, anchor="cheap garden tools")],
                     **_page(20 + i, analytics_ids=["UA-7654321-1", "ca-pub-1234567890123456"],
                             ip_address="203.0.113.7", contacts=[]))
        # a link farm page
        farm = [link(f"https://shop{i}.com/", anchor=f"Shop {i}") for i in range(119)]
        ds.fetch(c, "https://farm-links.info/dir", at(day, 50), links=farm + [link(TARGET, anchor="Target")],
                 linked_domains=120, **_page(30))
        # a sitewide footer link on every page
        for p in range(4):
            ds.fetch(c, f"https://footer-deals.com/{p}", at(day, 55 + p),
                     links=[link(TARGET, anchor="cheap garden tools", placement="footer")],
                     **_page(31, contacts=[]))
        ds.fetch(c, "https://casino-bonus.xyz/", at(day, 60),
                 links=[link(TARGET, anchor="garden tools", before="Play poker and roulette", after="jackpot")],
                 **_page(32, title="Online casino bonus: free spins and slots"))
        ds.fetch(c, "https://hidden.org/", at(day, 61), noindex=True, meta_robots="noindex",
                 links=[link(TARGET, anchor="Target Garden Tools")], **_page(33))
        ds.fetch(c, "https://hop.net/a", at(day, 62), status=301, redirect_to="https://hop.net/b",
                 links=[link("https://hop.net/b", kind="redirect")], **_page(34))
        ds.fetch(c, "https://hop.net/b", at(day, 63), status=301, redirect_to=TARGET,
                 links=[link(TARGET, kind="redirect")], **_page(34))
    # the spike: six thin sites that appear in c2
    for i, d in enumerate(SPIKE):
        ds.fetch("c2", f"https://{d}/", at(7, 70 + i), links=[link(TARGET, anchor="cheap garden tools")],
                 **_page(40 + i, title="Offers", content_length=600, contacts=[]))
    ds.write()
    build(root)
