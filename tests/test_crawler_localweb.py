"""The local web: its truth against its own pages, and its server as an HTTP proxy."""

from __future__ import annotations

import gzip
import http.client
import json
import socket
import time
import urllib.error
import urllib.request
import zlib
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import pytest
from protego import Protego

from crawler.localweb.generator import LocalWeb
from crawler.localweb.hostile import _CRC32_GIB_OF_ZEROS, GIB, bomb
from crawler.localweb.spam import COUNTS
from tests.support.localweb import LocalWebProcess, running_localweb

ALPHA = "http://www.alpha-news.com"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SESSION_PARAMS = {"phpsessid", "jsessionid", "sid", "aspsessionid"}


# -- an independent reading of the served HTML (stdlib only, not the project's extractor) --------
def normalise(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").encode("idna").decode("ascii")
    netloc = host if parts.port in (None, 80) else f"{host}:{parts.port}"
    query = "&".join(p for p in parts.query.split("&") if p and not p.startswith("utm_")
                     and p.split("=")[0].lower() not in SESSION_PARAMS)
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", query, ""))


class MiniExtractor(HTMLParser):
    """Links of a page as truth rows, read with html.parser."""

    def __init__(self, url: str, page_nofollow: bool) -> None:
        super().__init__()
        self.base, self.page_nofollow = url, page_nofollow
        self.stack: list[tuple[str, dict]] = []
        self.rows: list[dict] = []
        self.current: dict | None = None
        self.template = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "template":
            self.template += 1
        if tag == "base" and "href" in a:
            self.base = urljoin(self.base, a["href"].strip())
        if tag == "meta" and a.get("name", "").lower() == "robots":
            self.page_nofollow |= "nofollow" in a.get("content", "").lower()
        if tag in ("a", "area") and "href" in a and not self.template:
            self._link(tag, a)
        if tag == "img" and self.current is not None:
            self.current["alt"] = a.get("alt", "")
        if tag not in VOID:
            self.stack.append((tag, a))

    def _link(self, tag: str, a: dict) -> None:
        dst = urljoin(self.base, a["href"].strip())
        if urlsplit(dst).scheme not in ("http", "https"):
            return
        rel = a.get("rel", "").lower().split()
        row: dict[str, Any] = {"src_url": None, "dst_url": normalise(dst), "kind": tag, "anchor_text": "",
               "image": False, "rel": " ".join(rel), "nofollow": "nofollow" in rel,
               "ugc": "ugc" in rel, "sponsored": "sponsored" in rel,
               "page_nofollow": None, "placement": self._placement(),
               "position": len(self.rows)}
        self.rows.append(row)
        if tag == "area":
            row["anchor_text"] = a.get("alt", "")
        else:
            self.current, row["text"] = row, []

    def _placement(self) -> str:
        for tag, a in reversed(self.stack):
            if tag == "section" and a.get("id") == "comments":
                return "comment"
            if tag in ("aside", "footer", "header", "nav"):
                return tag
            if tag in ("article", "main"):
                return "content"
        return "other"

    def handle_endtag(self, tag: str) -> None:
        if tag == "template":
            self.template -= 1
        if tag == "a" and self.current is not None:
            text = " ".join("".join(self.current.pop("text")).split())
            alt = self.current.pop("alt", None)
            self.current["anchor_text"] = text or (alt or "")
            self.current["image"] = not text and alt is not None
            self.current = None
        if tag not in VOID:
            while self.stack and self.stack.pop()[0] != tag:
                pass

    def handle_data(self, data: str) -> None:
        if self.current is not None and self.stack[-1][0] not in ("script", "style"):
            self.current["text"].append(data)

    def links(self, src: str) -> list[dict]:
        for row in self.rows:
            row["src_url"], row["page_nofollow"] = src, self.page_nofollow
        return self.rows


def read_links(web: LocalWeb, url: str) -> list[dict]:
    reply = web.respond("GET", url, {})
    assert reply.status == 200, url
    charset = reply.header("Content-Type").split("charset=")[1]
    x_robots = "nofollow" in (reply.header("X-Robots-Tag") or "")
    parser = MiniExtractor(url, x_robots)
    parser.feed(reply.body.decode(charset))
    return parser.links(url)


# -- the generator ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def web() -> LocalWeb:
    return LocalWeb()


def test_truth_is_deterministic(web: LocalWeb) -> None:
    again = LocalWeb()
    assert list(again.truth_links()) == list(web.truth_links())
    assert list(again.truth_pages()) == list(web.truth_pages())
    assert list(LocalWeb(seed=1).truth_links()) != list(web.truth_links())


@pytest.mark.parametrize("variant", [{}, {"seed": 3, "hosts": 70, "epoch": 2, "page_kb": 4}],
                         ids=["default", "seed3-epoch2"])
def test_truth_equals_what_the_pages_say(web: LocalWeb, variant: dict) -> None:
    web = LocalWeb(**variant) if variant else web
    truth: dict[str, list[dict]] = {}
    for row in web.truth_links():
        if row["kind"] != "redirect":
            truth.setdefault(row["src_url"], []).append(row)
    html_pages = [p["url"] for p in web.truth_pages() if p["status"] == 200
                  and not p["robots_txt"] and p["url"] in truth]
    assert len(html_pages) > 900
    for url in html_pages:
        assert read_links(web, url) == truth[url], url


def test_default_web_has_every_feature(web: LocalWeb) -> None:
    links, pages = list(web.truth_links()), list(web.truth_pages())
    spam = sum(COUNTS.values())  # the planted spam hosts are seeds too, after the 50 sites
    assert len(web.seeds) == 50 + spam and len(pages) > 1000 and len(links) > 15000
    hosts = {p["host"] for p in pages}
    assert "www.xn--bcher-caf-j4a4r.de" in hosts and "shop.british-gardens.co.uk" in hosts
    assert {tld for h in hosts for tld in ("com", "org", "net", "io", "de", "fr", "co.uk", "gov",
                                           "edu") if h.endswith("." + tld)} == {
        "com", "org", "net", "io", "de", "fr", "co.uk", "gov", "edu"}
    assert {r["placement"] for r in links} == {"content", "nav", "header", "footer", "aside",
                                               "comment", "other"}
    assert {r["kind"] for r in links} == {"a", "area", "redirect"}
    assert {"nofollow", "ugc", "sponsored"} <= {t for r in links for t in r["rel"].split()}
    assert any(r["image"] for r in links) and any(r["page_nofollow"] for r in links)
    assert {p["charset"] for p in pages} == {"utf-8", "iso-8859-1", "windows-1251", "shift_jis"}
    assert {p["status"] for p in pages} >= {200, 301, 302, 404, 500, 503}
    assert any(p["trap"] for p in pages) and any(p["crawl_delay"] == 1.0 for p in pages)
    assert not any(urlsplit(s).hostname in ("www.events-calendar.org", "www.hostile-host.net")
                   for s in web.seeds)
    assert all("#" not in r["dst_url"] and "PHPSESSID" not in r["dst_url"]
               and "utm_" not in r["dst_url"] for r in links)


def test_every_page_is_within_three_links_of_its_home(web: LocalWeb) -> None:
    out: dict[str, list[str]] = {}
    for row in web.truth_links():
        out.setdefault(row["src_url"], []).append(row["dst_url"])
    depth: dict[str, int] = {}
    for seed in web.seeds + web.trap_seeds:  # breadth first, staying on the seed's host
        queue, depth[seed], host = deque([seed]), 0, urlsplit(seed).hostname
        while queue:
            u = queue.popleft()
            for v in out.get(u, ()):
                if urlsplit(v).hostname == host and v not in depth:
                    depth[v] = depth[u] + 1
                    queue.append(v)
    pages = [p for p in web.truth_pages() if not (p["robots_txt"] or p["hostile"] or p["trap"])]
    assert all(depth.get(p["url"], 99) <= 3 for p in pages)


def test_robots_truth_agrees_with_protego(web: LocalWeb) -> None:
    files = {}
    for page in web.truth_pages():
        host = page["host"]
        if host not in files:
            reply = web.respond("GET", f"http://{host}/robots.txt", {})
            files[host] = (reply.status, Protego.parse(reply.body.decode()))
        status, rules = files[host]
        expected = True if page["robots_txt"] else (
            False if status >= 500 else status >= 400 or rules.can_fetch(page["url"], "backlinks"))
        assert page["robots_allowed"] == expected, page["url"]


def test_redirects_and_errors(web: LocalWeb) -> None:
    redirects = {r["src_url"]: r["dst_url"] for r in web.truth_links() if r["kind"] == "redirect"}
    assert redirects["http://blog.alpha-news.com/old-post.html"].startswith(ALPHA + "/")
    assert redirects["http://www.bright-tech.io/moved.html"] == ALPHA + "/"
    reply = web.respond("GET", ALPHA + "/old/1.html", {})
    assert reply.status == 301 and reply.header("Location") == redirects[ALPHA + "/old/1.html"]
    assert web.respond("GET", ALPHA + "/go/2", {}).status == 302
    assert web.respond("GET", ALPHA + "/missing.html", {}).status == 404
    assert web.respond("GET", ALPHA + "/broken.html", {}).status == 500
    assert web.respond("GET", ALPHA + "/no-such-page", {}).status == 404


def test_traps() -> None:
    web = LocalWeb()
    cal = web.respond("GET", "http://www.events-calendar.org/calendar?month=9998-12", {})
    assert b"month=9999-01" in cal.body and b"month=9998-11" in cal.body
    one = web.respond("GET", "http://www.session-shop.com/product/3.html?PHPSESSID=x", {}).body
    two = web.respond("GET", "http://www.session-shop.com/product/3.html", {}).body
    assert one != two and b"PHPSESSID=" in one
    maze = web.respond("GET", "http://www.mirror-maze.net" + "/x" * 40 + "/", {})
    assert maze.status == 200 and b'href="x/"' in maze.body


def test_epoch_two_changes_a_little(web: LocalWeb) -> None:
    later = LocalWeb(epoch=2)
    changes = list(later.changes())
    assert [c["change"] for c in changes].count("link_added") == 3
    before = {(r["src_url"], r["dst_url"]) for r in web.truth_links()}
    after = {(r["src_url"], r["dst_url"]) for r in later.truth_links()}
    gone = next(c["src_url"] for c in changes if c["change"] == "page_removed")
    expected = {(c["src_url"], c["dst_url"]) for c in changes if c["change"] == "link_added"}
    assert after - before == expected
    lost = {(c["src_url"], c["dst_url"]) for c in changes if c["change"] == "link_removed"}
    assert before - after == lost | {pair for pair in before if pair[0] == gone}
    assert later.respond("GET", gone, {}).status == 404
    assert list(web.changes()) == []


def test_page_kb_pads_articles() -> None:
    web = LocalWeb(page_kb=40)
    article = web.plans[0].articles[5].url
    padded, home = web.respond("GET", article, {}).body, web.respond("GET", ALPHA + "/", {}).body
    assert isinstance(padded, bytes) and isinstance(home, bytes)
    assert len(padded) > 40 * 1024
    assert len(home) < 40 * 1024


def test_hosts_below_the_featured_minimum_is_an_error() -> None:
    with pytest.raises(ValueError, match="hosts must be at least"):
        LocalWeb(hosts=3)


def test_bombs_inflate_to_a_gibibyte() -> None:
    crc, adler, zero = 0, 1, bytes(1 << 20)
    for _ in range(GIB >> 20):
        crc, adler = zlib.crc32(zero, crc), zlib.adler32(zero, adler)
    assert crc == _CRC32_GIB_OF_ZEROS
    gz, zl = bomb("gzip"), bomb("deflate")
    assert gz is not None and zl is not None and len(gz) < 2 << 20
    inflater, total, data = zlib.decompressobj(31), 0, gz
    while data:
        total += len(inflater.decompress(data, 64 << 20))
        data = inflater.unconsumed_tail
    assert total == GIB and inflater.eof
    # the zlib variant: the same deflate blocks, a zlib header and the adler32 of the GiB
    assert zl[2:-4] == gz[10:-8] and zl[-4:] == adler.to_bytes(4, "big")
    assert zlib.decompressobj().decompress(zl, 1 << 20) == zero


# -- the server, as a proxy ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWebProcess]:
    with running_localweb(tmp_path_factory.mktemp("lw")) as process:
        yield process


class Fetched:
    def __init__(self, response: http.client.HTTPResponse) -> None:
        self.status, self.headers, self.body = response.status, response.headers, response.read()

    def getheader(self, name: str) -> str | None:
        return self.headers.get(name)

    def read(self) -> bytes:
        return self.body


def fetch(server: LocalWebProcess, url: str, headers: dict | None = None,
          method: str = "GET") -> Fetched:
    """One request through the proxy, read in full, connection closed."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, url, headers=headers or {})
        return Fetched(conn.getresponse())
    finally:
        conn.close()


@contextmanager
def streaming(server: LocalWebProcess, url: str) -> Iterator[http.client.HTTPResponse]:
    """A response whose body is left unread, closed at exit."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", url)
        yield conn.getresponse()
    finally:
        conn.close()


def test_a_page_answers_through_the_proxy(server: LocalWebProcess) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.proxy_url}))
    with opener.open(ALPHA + "/", timeout=10) as response:
        body = response.read().decode()
    truth = [r for r in server.truth()["links"] if r["src_url"] == ALPHA + "/"]
    assert truth and all(r["anchor_text"].split()[0] in body for r in truth if r["anchor_text"])
    assert "<nav>" in body and '<aside class="sidebar">' in body


def test_truth_file_is_the_same_across_processes(server: LocalWebProcess, web: LocalWeb) -> None:
    truth = server.truth()
    assert truth["links"] == list(web.truth_links())
    assert truth["pages"] == list(web.truth_pages())


def test_every_source_page_answers_200(server: LocalWebProcess) -> None:
    truth = server.truth()
    sources = {r["src_url"] for r in truth["links"] if r["kind"] != "redirect"}
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for url in sorted(sources):  # one keep-alive connection for all of them
            conn.request("GET", url)
            response = conn.getresponse()
            response.read()
            assert response.status == 200, url
    finally:
        conn.close()
    pages = {p["url"]: p for p in truth["pages"]}
    assert all(pages[url]["status"] == 200 for url in sources)


def test_robots_txt_files(server: LocalWebProcess) -> None:
    def robots(host: str) -> tuple[int, str]:
        r = fetch(server, f"http://{host}/robots.txt")
        return r.status, r.read().decode()

    assert robots("www.alpha-news.com") == (200, robots("www.alpha-news.com")[1])
    assert "Disallow: /private/" in robots("www.alpha-news.com")[1]
    assert robots("www.closed-garden.org")[1].endswith("Disallow: /\n")
    assert robots("www.flaky-robots.net")[0] == 503
    assert "Crawl-delay: 1" in robots("www.slow-and-steady.io")[1]
    assert robots("blog.alpha-news.com")[0] == 404


def test_redirect_is_not_followed_by_the_proxy(server: LocalWebProcess) -> None:
    r = fetch(server, "http://blog.alpha-news.com/old-post.html")
    assert r.status == 301 and r.getheader("Location").startswith(ALPHA + "/")


def test_gzip_when_asked(server: LocalWebProcess) -> None:
    plain = fetch(server, ALPHA + "/about.html").read()
    r = fetch(server, ALPHA + "/about.html", {"Accept-Encoding": "gzip, deflate"})
    assert r.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(r.read()) == plain
    r = fetch(server, "http://www.open-data-portal.gov/about.html", {"Accept-Encoding": "gzip"})
    assert r.getheader("Content-Encoding") is None  # a host that never compresses


def test_charset_only_in_the_header(server: LocalWebProcess) -> None:
    for host, label, word in (("www.sakura-times.jp", "Shift_JIS", "東京"),
                              ("www.novosti-dnya.ru", "windows-1251", "город"),
                              ("www.le-petit-journal.fr", "ISO-8859-1", "élèves")):
        r = fetch(server, f"http://{host}/")
        assert r.getheader("Content-Type") == f"text/html; charset={label}"
        body = r.read()
        assert b"<meta charset" not in body and word in body.decode(label)
        with pytest.raises(UnicodeDecodeError):
            body.decode("utf-8")


def test_connect_and_unknown_hosts_get_502(server: LocalWebProcess) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall(b"CONNECT www.alpha-news.com:443 HTTP/1.1\r\nHost: www.alpha-news.com:443\r\n\r\n")
        assert s.recv(100).startswith(b"HTTP/1.1 502 Bad Gateway")
    r = fetch(server, "http://www.not-in-the-local-web.com/")
    assert r.status == 502 and b"unknown host" in r.read()
    assert fetch(server, "http://127.0.0.1:6379/").status == 502


def test_origin_form_head_and_keep_alive(server: LocalWebProcess) -> None:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", "/about.html", headers={"Host": "www.alpha-news.com"})
        first = conn.getresponse()
        body = first.read()
        assert first.status == 200 and b"About Alpha News" in body
        conn.request("HEAD", ALPHA + "/about.html")  # the same connection, kept alive
        head = conn.getresponse()
        assert head.status == 200 and head.read() == b""
        assert int(head.getheader("Content-Length", "")) == len(body)
    finally:
        conn.close()


def test_raw_idn_host_and_http10(server: LocalWebProcess) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as s:
        s.sendall("GET http://www.bücher-café.de/about.html HTTP/1.0\r\n\r\n".encode())
        reply = b""
        while chunk := s.recv(65536):  # HTTP/1.0 without keep-alive: the server closes
            reply += chunk
    assert reply.startswith(b"HTTP/1.1 200 OK") and b"Connection: close" in reply
    assert "Bücher Café" in reply.decode()


def test_access_log_records_requests(server: LocalWebProcess) -> None:
    fetch(server, ALPHA + "/contact.html?from=log-test", {"X-Probe": "yes"}).read()
    row = next(r for r in reversed(server.access_log()) if r["path"].endswith("from=log-test"))
    assert row["url"] == ALPHA + "/contact.html?from=log-test"
    assert row["host"] == "www.alpha-news.com" and row["method"] == "GET"
    assert row["headers"]["x-probe"] == "yes" and row["status"] == 404
    assert abs(row["t"] - time.time()) < 60


def test_slow_endpoints_do_not_block_others(server: LocalWebProcess) -> None:
    hostile = "http://www.hostile-host.net"
    with (streaming(server, hostile + "/drip") as drip,
          streaming(server, hostile + "/endless") as endless,
          streaming(server, hostile + "/huge-length") as huge):
        assert drip.status == 200 and drip.getheader("Content-Length") == "3600"
        assert len(endless.read(1 << 20)) == 1 << 20
        assert huge.getheader("Content-Length") == str(10 * GIB)
        started = time.monotonic()
        assert fetch(server, ALPHA + "/").status == 200
        assert time.monotonic() - started < 1.0


def test_hostile_redirects_and_cookie(server: LocalWebProcess) -> None:
    hostile = "http://www.hostile-host.net"
    assert fetch(server, hostile + "/loop-a").getheader("Location") == hostile + "/loop-b"
    assert fetch(server, hostile + "/chain/24").getheader("Location") == hostile + "/chain/25"
    assert fetch(server, hostile + "/chain/25").status == 200
    cookie = fetch(server, hostile + "/cookie")
    assert cookie.status == 302 and "sid=" in (cookie.getheader("Set-Cookie") or "")
    assert fetch(server, cookie.getheader("Location") or "").status == 200
    r = fetch(server, hostile + "/bomb.gz", {"Accept-Encoding": "gzip"})
    assert r.getheader("Content-Encoding") == "gzip" and len(r.read()) < 2 << 20
    assert fetch(server, hostile + "/png-as-html").read().startswith(b"\x89PNG")


def test_urllib_through_the_proxy_gets_404_for_a_missing_page(server: LocalWebProcess) -> None:
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"http": server.proxy_url}))
    with pytest.raises(urllib.error.HTTPError) as err:
        opener.open(ALPHA + "/missing.html", timeout=10)
    assert err.value.code == 404
    assert json.loads(json.dumps(server.access_log()[-1]))["path"] == "/missing.html"
