"""The local web's fanout sites: larger than any page budget, linked from nowhere."""

from __future__ import annotations

from urllib.parse import urlsplit

from crawler.localweb.generator import LocalWeb
from crawler.localweb.traps import FANOUT


def test_every_page_links_to_fanout_new_pages_of_its_own_site() -> None:
    web = LocalWeb(hosts=15, fanout=3)
    assert len(web.fanout_seeds) == 3
    seen: set[str] = set()
    for seed in web.fanout_seeds:
        host = urlsplit(seed).hostname
        for path in ("/", "/p/1.html", "/p/300.html", "/p/90301.html"):
            page = web.page(host, path)
            new = [link.dst for link in page.links if link.dst != seed]
            assert len(new) == len(set(new)) == FANOUT
            assert all(urlsplit(url).hostname == host for url in new)
            assert not seen & set(new)  # no page is linked twice: the site never ends
            seen |= set(new)


def test_fanout_sites_are_off_by_default_and_linked_from_nowhere() -> None:
    plain, with_fanout = LocalWeb(hosts=20), LocalWeb(hosts=20, fanout=2)
    assert plain.fanout_seeds == [] and list(plain.truth_links()) == [
        row for row in with_fanout.truth_links() if "link-fanout" not in row["src_url"]]
    hosts = {urlsplit(seed).hostname for seed in with_fanout.fanout_seeds}
    assert not any(urlsplit(row["dst_url"]).hostname in hosts for row in with_fanout.truth_links()
                   if urlsplit(row["src_url"]).hostname not in hosts)
    assert with_fanout.respond("GET", with_fanout.fanout_seeds[0], {}).status == 200
    assert plain.respond("GET", with_fanout.fanout_seeds[0], {}).status == 502
