"""import-gsc: Search Console's Links report exports in the forms users hand them over.

Each fixture below is written byte for byte as its writer makes it (Search Console's zip,
Google Sheets, Excel in its several CSV flavours, a non-English interface), and the expected
rows are read off the fixture by hand."""

from __future__ import annotations

import codecs
import zipfile
from datetime import date

import pyarrow.parquet as pq
import pytest

from analysis.sources.errors import BadGscExport
from analysis.sources.gsc import gsc_linking_domains, import_gsc, read_export
from analysis.sources.gsc_csv import parse_count, parse_dates
from tests.support.crawl import backlinks

BOM = codecs.BOM_UTF8


def crlf(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


def gsc_zip(path, members: dict[str, bytes]):
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return path


#: Search Console's own zip: UTF-8 with a BOM, CRLF, a count with a thousands separator
#: quoted, ISO dates; a macOS resource fork and the linking text table beside them.
GSC_ZIP = {
    "Top linking sites.csv": BOM + crlf("Site,Linking pages,Target pages", 'news.example.org,"1,240",3',
                                        "shop.co.uk,12,1", "uni.edu,1,1"),
    "Top linked pages - externally.csv": BOM + crlf("Target page,Incoming links,Linking sites",
                                                    'https://www.target.com/,"1,250",3',
                                                    "https://www.target.com/pricing,3,1"),
    "Latest links.csv": BOM + crlf("Linking page,Last crawled", "https://news.example.org/a,2026-09-15",
                                   '"https://shop.co.uk/?a=1,2&utm_source=x",2026-09-01'),
    "More sample links.csv": BOM + crlf("Linking page", "https://news.example.org/a",
                                       "https://uni.edu/", "https://news.example.org/b#top"),
    "Top linking text.csv": BOM + crlf("Linking text,Links", "target,9"),
    "__MACOSX/._Latest links.csv": b"\x00\x05\x16\x07",
}


def test_search_console_zip(tmp_path):
    export = read_export(gsc_zip(tmp_path / "target.com-links.zip", GSC_ZIP))
    sites = export.linking_sites.select(["site", "domain", "linking_pages", "target_pages"]).to_pylist()
    assert sites == [{"site": "news.example.org", "domain": "example.org", "linking_pages": 1240, "target_pages": 3},
                     {"site": "shop.co.uk", "domain": "shop.co.uk", "linking_pages": 12, "target_pages": 1},
                     {"site": "uni.edu", "domain": "uni.edu", "linking_pages": 1, "target_pages": 1}]
    links = {r["url"]: r["last_crawled"] for r in export.sample_links.to_pylist()}
    # one row per page: the latest links' dates kept, fragments and utm_* gone, the quoted comma kept
    assert links == {"https://news.example.org/a": date(2026, 9, 15), "https://shop.co.uk/?a=1,2": date(2026, 9, 1),
                     "https://uni.edu/": None, "https://news.example.org/b": None}
    assert export.target_pages.column("incoming_links").to_pylist() == [1250, 3]
    assert export.site() == "target.com"
    report = {f.name.split(":")[1]: (f.kind, f.how, f.rows) for f in export.files}
    assert report["Top linking text.csv"] == ("Top linking text", "header", 0)  # known, not imported
    assert report["Latest links.csv"] == ("Latest links", "header", 2)
    assert len(export.files) == 5  # __MACOSX left out


def test_prefixed_names_month_names_and_an_unknown_csv(tmp_path):
    (tmp_path / "gsc-202605-Latest links.csv").write_bytes(crlf(
        "Linking page,Last crawled", 'https://a.org/1,"Sep 15, 2026"', 'https://b.net/2,"Jan 2, 2026"'))
    (tmp_path / "tranco-top-1m.csv").write_bytes(b"1,google.com\n2,facebook.com\n")
    export = read_export(tmp_path)
    assert [(r["url"], r["last_crawled"]) for r in export.sample_links.to_pylist()] == [
        ("https://a.org/1", date(2026, 9, 15)), ("https://b.net/2", date(2026, 1, 2))]
    unknown = [f for f in export.files if f.name == "tranco-top-1m.csv"][0]
    assert unknown.kind is None and "skipped" in unknown.note
    assert export.site() is None


def test_google_sheets_download(tmp_path):
    """Sheets: no BOM, CRLF, dates as the sheet shows them (dd/mm/yyyy here), plain numbers."""
    (tmp_path / "Latest links - Sheet1.csv").write_bytes(crlf(
        "Linking page,Last crawled", "https://a.org/1,15/09/2026", "https://a.org/2,03/04/2026"))
    (tmp_path / "Top linking sites - Sheet1.csv").write_bytes(crlf(
        "Site,Linking pages,Target pages", "a.org,2,1"))
    export = read_export(tmp_path)
    assert export.sample_links.column("last_crawled").to_pylist() == [date(2026, 9, 15), date(2026, 4, 3)]
    assert export.linking_sites.column("linking_pages").to_pylist() == [2]


def test_excel_semicolons_sep_line_code_page_and_month_first_dates(tmp_path):
    """Excel in a comma-decimal locale: `sep=;`, `;`, 1.240, cp1252; US dates m/d/yyyy."""
    (tmp_path / "Top linking sites.csv").write_bytes(
        "sep=;\r\nSite;Linking pages;Target pages\r\ncafé.fr;1.240;2\r\nb.net;7;1\r\n".encode("cp1252"))
    (tmp_path / "Latest links.csv").write_bytes(crlf(
        "Linking page,Last crawled", "https://b.net/x,9/15/2026", "https://b.net/y,10/2/2026"))
    (tmp_path / "More sample links.csv").write_bytes(crlf("Linking page", '="https://b.net/z"', ",,"))
    export = read_export(tmp_path)
    assert export.linking_sites.select(["domain", "linking_pages"]).to_pylist() == [
        {"domain": "xn--caf-dma.fr", "linking_pages": 1240}, {"domain": "b.net", "linking_pages": 7}]
    assert {r["url"]: r["last_crawled"] for r in export.sample_links.to_pylist()} == {
        "https://b.net/x": date(2026, 9, 15), "https://b.net/y": date(2026, 10, 2), "https://b.net/z": None}


def test_excel_unicode_text_is_utf16_with_tabs(tmp_path):
    text = "Target page\tIncoming links\tLinking sites\r\nhttps://t.com/\t1 240\t4\r\n"
    (tmp_path / "Top linked pages - externally.txt").write_bytes(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))
    export = read_export(tmp_path / "Top linked pages - externally.txt")
    assert export.target_pages.select(["url", "incoming_links", "linking_sites"]).to_pylist() == [
        {"url": "https://t.com/", "incoming_links": 1240, "linking_sites": 4}]


def test_another_interface_language_is_recognised_by_content(tmp_path):
    """Headers follow the interface's language: French sites, German latest links (dd.mm.yyyy)."""
    (tmp_path / "Sites associés.csv").write_bytes(BOM + crlf(
        "Sites d'origine des liens,Pages d'origine des liens,Pages cibles", 'a.fr,"1\u202f240",2'))
    (tmp_path / "Neueste Links.csv").write_bytes(BOM + crlf(
        "Verweisende Seite,Zuletzt gecrawlt", "https://a.de/1,15.09.2026", "https://a.de/2,01.10.2026"))
    export = read_export(tmp_path)
    how = {f.name: (f.kind, f.how) for f in export.files}
    assert how == {"Sites associés.csv": ("Top linking sites", "content"),
                   "Neueste Links.csv": ("Latest links", "content")}
    assert export.linking_sites.column("linking_pages").to_pylist() == [1240]
    assert export.sample_links.column("last_crawled").to_pylist() == [date(2026, 9, 15), date(2026, 10, 1)]


def test_rows_that_do_not_fit_are_counted_and_ambiguous_dates_said(tmp_path):
    (tmp_path / "Latest links.csv").write_bytes(crlf(
        "Linking page,Last crawled", "https://a.org/1,03/04/2026", "not a url,03/04/2026", "https://a.org/2,never"))
    export = read_export(tmp_path)
    assert export.sample_links.to_pylist()[0]["last_crawled"] == date(2026, 4, 3)  # day first
    report = export.files[0]
    assert (report.rows, report.skipped) == (1, 2)
    assert "day first" in report.note and "2 rows" in report.note


def test_counts_and_dates_as_written():
    assert [parse_count(t) for t in ["1,240", "1.240", "1 240", "1'240", "12", "1240.0", "1,24", "", "x"]] == [
        1240, 1240, 1240, 1240, 12, 1240, None, None, None]
    dates, _ = parse_dates(["2026-09-15", "2026-09-15 00:00:00", "Sep 15, 2026", "September 15, 2026",
                            "15 Sep 2026", "15-Sep-26", "15/09/2026", ""])
    assert dates == [date(2026, 9, 15)] * 7 + [None]


def test_no_links_table_is_an_error(tmp_path):
    (tmp_path / "notes.csv").write_bytes(b"a,b\n1,2\n")
    with pytest.raises(BadGscExport, match=r"no Links report table .*notes.csv \(not recognised\)"):
        read_export(tmp_path)
    with pytest.raises(BadGscExport, match="no such file"):
        read_export(tmp_path / "absent.zip")
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 this is no zip")
    with pytest.raises(BadGscExport):
        read_export(tmp_path / "broken.zip")


def test_import_and_linking_domains(tmp_path):
    export = gsc_zip(tmp_path / "export.zip", GSC_ZIP)
    result = import_gsc(export, tmp_path / "data")
    assert (result.site, result.counts) == ("target.com", {"linking_sites": 3, "sample_links": 4, "target_pages": 2})
    stored = pq.read_table(tmp_path / "data" / "gsc" / "target.com" / "linking_sites.parquet")
    assert stored.column("imported_at").null_count == 0
    assert gsc_linking_domains(tmp_path / "data", "www.target.com") == [
        ("example.org", 1240), ("shop.co.uk", 12), ("uni.edu", 1)]
    # an export without target pages must be told its site; the sample links' domains count
    (tmp_path / "more").mkdir()
    (tmp_path / "more" / "More sample links.csv").write_bytes(crlf("Linking page", "https://c.io/1", "https://c.io/2"))
    with pytest.raises(BadGscExport, match="give --site"):
        import_gsc(tmp_path / "more", tmp_path / "data")
    import_gsc(tmp_path / "more", tmp_path / "data", site="target.com")  # replaces the first import
    assert gsc_linking_domains(tmp_path / "data", "target.com") == [("c.io", 2)]


def test_import_gsc_command(tmp_path):
    export = gsc_zip(tmp_path / "export.zip", GSC_ZIP)
    proc = backlinks("import-gsc", str(export), "--data", str(tmp_path / "data"))
    assert proc.returncode == 0, proc.stderr
    assert "target.com" in proc.stderr and "3 linking sites" in proc.stderr
    assert "Top linking text.csv" in proc.stderr  # each file said, the skipped ones too
    bad = backlinks("import-gsc", str(tmp_path / "absent"), "--data", str(tmp_path / "data"))
    assert bad.returncode == 1 and bad.stderr.startswith("error: ") and bad.stderr.count("\n") == 1
