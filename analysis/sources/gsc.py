"""Google Search Console's Links report exports: who Google says links to a site.

The report's tables download as CSV (a zip of them, or Google Sheets, or Excel), one file each
(see ../shared/METRICS.md, "Google Search Console: the Links report's exports"):

    Top linking sites.csv               Site, Linking pages, Target pages
    Top linked pages - externally.csv   Target page, Incoming links, Linking sites
    Latest links.csv                    Linking page, Last crawled
    More sample links.csv               Linking page

A file is recognised by its header (case, spacing and punctuation aside); else by its name
(users prefix them: `gsc-202605-Latest links.csv`), with the columns it must have; else by
its content (the headers follow the interface's language: a column of URLs and one of dates is
"Latest links" whatever its header says). A CSV none of these fits is reported and skipped, as
are the tables not imported (top linking text, internally linked pages). Each table stops at
1,000 rows in Search Console: these are samples.

`import_gsc` writes them under `DATA/gsc/<site>/` (`linking_sites`, `sample_links` (latest and
more sample links together), `target_pages`, each `.parquet`, with `imported_at`);
`gsc_linking_domains(data, site)` gives discover its candidates.
"""

from __future__ import annotations

import re
import shutil
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from analysis import names
from analysis.errors import BadDomain
from analysis.sources.errors import BadGscExport
from analysis.sources.gsc_csv import parse_count, parse_dates, read_rows
from analysis.sources.storage import replace_dir
from pipelines.dataset.parts import write_atomically
from pipelines.extractor.urls import canonical_url, host_of, registered_domain

GSC_DIR = "gsc"
#: An export's CSV is small (1,000 rows a table): a larger zip member is refused unread.
MAX_CSV_BYTES = 64 * 1024 * 1024
SAMPLE_ROWS = 20  # rows whose values decide a file recognised by its content
_URL = re.compile(r"https?://[^\s/]+", re.IGNORECASE)
_SITE = re.compile(r"(?:[\w-]+\.)+[\w-]{2,}\.?", re.UNICODE)

_ts = pa.timestamp("ms", tz="UTC")
SCHEMAS = {
    "linking_sites": pa.schema([("site", pa.string()), ("domain", pa.string()), ("linking_pages", pa.int64()),
                                ("target_pages", pa.int64()), ("file", pa.string()), ("imported_at", _ts)]),
    "sample_links": pa.schema([("url", pa.string()), ("domain", pa.string()), ("last_crawled", pa.date32()),
                               ("file", pa.string()), ("imported_at", _ts)]),
    "target_pages": pa.schema([("url", pa.string()), ("domain", pa.string()), ("incoming_links", pa.int64()),
                               ("linking_sites", pa.int64()), ("file", pa.string()), ("imported_at", _ts)]),
}


@dataclass(frozen=True)
class Kind:
    """One table of the Links report as exported: its title (the file's name), header and the
    kind of value each column holds (site, url, count, date, text)."""

    title: str
    header: tuple[str, ...]
    cells: tuple[str, ...]
    table: str | None  # where its rows go; None: known, not imported
    why_not: str = ""


KINDS = (
    Kind("Top linking sites", ("Site", "Linking pages", "Target pages"), ("site", "count", "count"), "linking_sites"),
    Kind("Top linked pages - externally", ("Target page", "Incoming links", "Linking sites"), ("url", "count", "count"),
         "target_pages"),
    Kind("Latest links", ("Linking page", "Last crawled"), ("url", "date"), "sample_links"),
    Kind("More sample links", ("Linking page",), ("url",), "sample_links"),
    Kind("Top linked pages - internally", ("Target page", "Incoming links"), ("url", "count"), None,
         "internal links: not a backlink table"),
    Kind("Top linking text", ("Linking text",), ("text", "count"), None, "anchors: not imported"),
)


@dataclass
class FileReport:
    """What was made of one CSV file."""

    name: str
    kind: str | None = None  # the table's title; None: not recognised
    how: str = ""  # "header", "file name" or "content"
    rows: int = 0
    skipped: int = 0  # rows whose values do not fit the table
    note: str = ""


@dataclass
class GscExport:
    """The Links report tables of one export, as Arrow tables (SCHEMAS), and what each file was."""

    tables: dict[str, pa.Table]
    files: list[FileReport] = field(default_factory=list)

    @property
    def linking_sites(self) -> pa.Table:
        return self.tables["linking_sites"]

    @property
    def sample_links(self) -> pa.Table:
        return self.tables["sample_links"]

    @property
    def target_pages(self) -> pa.Table:
        return self.tables["target_pages"]

    def site(self) -> str | None:
        """The registered domain the export is about, when its target pages say (one domain)."""
        domains = set(self.target_pages.column("domain").to_pylist())
        return domains.pop() if len(domains) == 1 else None


def read_export(path: str | Path) -> GscExport:
    """The Links report tables of an export: a directory (its CSV and zip files), a zip, or
    one CSV file. Raises BadGscExport when there is none."""
    source = Path(path)
    if not source.exists():
        raise BadGscExport(f"no such file or directory: {source}")
    imported_at = datetime.now(UTC)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    reports = []
    for name, data in _csv_files(source):
        report, kind, table_rows = _read_file(name, data)
        reports.append(report)
        if kind is not None and kind.table is not None:
            rows[kind.table] += [{**row, "file": name, "imported_at": imported_at} for row in table_rows]
    if not any(rows.values()):
        seen = ", ".join(f"{r.name} ({r.kind or 'not recognised'})" for r in reports) or "no CSV file"
        raise BadGscExport(f"no Links report table in {source}: {seen}")
    rows["sample_links"] = _one_per_url(rows["sample_links"])
    tables = {name: pa.Table.from_pylist(rows[name], schema=schema) for name, schema in SCHEMAS.items()}
    return GscExport(tables, reports)


def _csv_files(source: Path) -> list[tuple[str, bytes]]:
    """(name, bytes) of every CSV of `source`: a CSV file, a zip's CSV members, or the CSV and
    zip files under a directory; in name order."""
    if source.is_dir():
        return [found for path in sorted(source.rglob("*"))
                if path.is_file() and path.suffix.lower() in (".csv", ".zip") and not path.name.startswith(".")
                for found in _csv_files(path)]
    if zipfile.is_zipfile(source):
        return _zip_members(source)
    return [(source.name, _read_capped(source))]


def _zip_members(source: Path) -> list[tuple[str, bytes]]:
    found = []
    try:
        with zipfile.ZipFile(source) as archive:
            for info in archive.infolist():
                base = info.filename.rsplit("/", 1)[-1]
                if info.is_dir() or not base.lower().endswith(".csv") or base.startswith(".") \
                        or info.filename.startswith("__MACOSX/"):
                    continue
                if info.file_size > MAX_CSV_BYTES:
                    raise BadGscExport(f"{source}: {info.filename} holds {info.file_size} bytes, "
                                       f"more than an export's CSV ({MAX_CSV_BYTES})")
                found.append((f"{source.name}:{base}", archive.read(info)))
    except (zipfile.BadZipFile, OSError) as exc:
        raise BadGscExport(f"{source}: unreadable zip ({exc})") from None
    return sorted(found)


def _read_capped(path: Path) -> bytes:
    if path.stat().st_size > MAX_CSV_BYTES:
        raise BadGscExport(f"{path}: {path.stat().st_size} bytes, more than an export's CSV ({MAX_CSV_BYTES})")
    return path.read_bytes()


def _read_file(name: str, data: bytes) -> tuple[FileReport, Kind | None, list[dict[str, Any]]]:
    report = FileReport(name)
    rows = read_rows(data)
    kind, how, body = _recognise(name, rows)
    if kind is None:
        report.note = "not a Links report table: skipped"
        return report, None, []
    report.kind, report.how = kind.title, how
    if kind.table is None:
        report.note = f"not imported ({kind.why_not})"
        return report, kind, []
    table_rows, report.skipped, report.note = _table_rows(kind, body)
    report.rows = len(table_rows)
    return report, kind, table_rows


def _recognise(name: str, rows: list[list[str]]) -> tuple[Kind | None, str, list[list[str]]]:
    """The kind of a file, how it was told, and its data rows (the header left out)."""
    if not rows:
        return None, "", []
    header = [_key(cell) for cell in rows[0]]
    for kind in KINDS:
        if len(header) == len(kind.cells) and header[:len(kind.header)] == [_key(h) for h in kind.header]:
            return kind, "header", rows[1:]
    file_key = _key(name.rsplit(":", 1)[-1].rsplit(".", 1)[0])
    for kind in KINDS:
        if _key(kind.title) in file_key and len(rows[0]) == len(kind.cells):
            return kind, "file name", rows[1:] if not _fits(kind, rows[0]) else rows
    for kind in KINDS:
        if kind.cells[0] == "text":  # a text column fits anything: only its header tells
            continue
        body = rows[1:] if not _fits(kind, rows[0]) else rows
        sample = body[:SAMPLE_ROWS]
        if sample and all(_fits(kind, row) for row in sample):
            return kind, "content", body
    return None, "", rows


def _key(text: str) -> str:
    """Letters and digits, lower-case: "Top linked pages - externally" -> "toplinkedpagesexternally"."""
    return re.sub(r"[\W_]+", "", text.lower())


def _fits(kind: Kind, row: list[str]) -> bool:
    return len(row) == len(kind.cells) and all(_is(cell, value) for cell, value in zip(kind.cells, row, strict=True))


def _is(cell: str, value: str) -> bool:
    if cell == "url":
        return _URL.match(value) is not None
    if cell == "site":
        return _SITE.fullmatch(value) is not None
    if cell == "count":
        return parse_count(value) is not None
    if cell == "date":
        return parse_dates([value])[0][0] is not None
    return True


def _table_rows(kind: Kind, body: list[list[str]]) -> tuple[list[dict[str, Any]], int, str]:
    """The rows of `body` as `kind.table` rows; how many did not fit; a note on dates."""
    out, skipped, note = [], 0, ""
    dates: list[Any] = [None] * len(body)
    if "date" in kind.cells:
        dates, note = parse_dates([row[kind.cells.index("date")] if len(row) == len(kind.cells) else ""
                                   for row in body])
    for row, day in zip(body, dates, strict=True):
        parsed = _parse(kind, row, day) if len(row) == len(kind.cells) else None
        if parsed is None:
            skipped += 1
        else:
            out.append(parsed)
    if skipped:
        note = "; ".join(filter(None, [note, f"{skipped} rows that do not fit the table skipped"]))
    return out, skipped, note


def _parse(kind: Kind, row: list[str], day: Any) -> dict[str, Any] | None:
    if kind.table == "linking_sites":
        domain, pages, targets = _domain(row[0]), parse_count(row[1]), parse_count(row[2])
        if domain is None or pages is None or targets is None:
            return None
        return {"site": row[0], "domain": domain, "linking_pages": pages, "target_pages": targets}
    url = _url(row[0])
    if url is None:
        return None
    domain = registered_domain(host_of(url))
    if kind.table == "target_pages":
        incoming, sites = parse_count(row[1]), parse_count(row[2])
        if incoming is None or sites is None:
            return None
        return {"url": url, "domain": domain, "incoming_links": incoming, "linking_sites": sites}
    if "date" in kind.cells and day is None:
        return None
    return {"url": url, "domain": domain, "last_crawled": day}


def _url(text: str) -> str | None:
    if _URL.match(text) is None:
        return None
    url = canonical_url(text)
    return url if host_of(url) else None


def _domain(site: str) -> str | None:
    try:
        return names.candidates(site)[-1]
    except BadDomain:
        return None


def _one_per_url(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Latest and More sample links list the same pages: one row per URL, its crawl date kept."""
    by_url: dict[str, dict[str, Any]] = {}
    for row in rows:
        kept = by_url.setdefault(row["url"], row)
        if kept["last_crawled"] is None and row["last_crawled"] is not None:
            by_url[row["url"]] = row
    return list(by_url.values())


@dataclass(frozen=True)
class GscImport:
    """What `import_gsc` wrote."""

    site: str
    path: Path
    counts: dict[str, int]
    files: list[FileReport]


def site_dir(data_dir: str | Path, site: str) -> Path:
    """`DATA/gsc/<registered domain of site>`."""
    return Path(data_dir) / GSC_DIR / names.candidates(site)[-1]


def import_gsc(path: str | Path, data_dir: str | Path, *, site: str | None = None) -> GscImport:
    """Import an export (directory, zip or CSV) for `site` (default: the domain of its target
    pages), replacing an earlier import of that site."""
    export = read_export(path)
    site = site or export.site()
    if site is None:
        raise BadGscExport(f"{path} does not say which site it is for (no target pages of one domain): give --site")
    final = site_dir(data_dir, site)
    tmp = final.parent / f".{final.name}.tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        for table, rows in export.tables.items():
            write_atomically(rows, tmp / f"{table}.parquet")
        replace_dir(tmp, final)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return GscImport(final.name, final, {t: rows.num_rows for t, rows in export.tables.items()}, export.files)


def load_import(data_dir: str | Path, site: str) -> GscExport:
    """The tables `import_gsc` wrote for `site`; BadGscExport when it never ran."""
    directory = site_dir(data_dir, site)
    try:
        return GscExport({t: pq.read_table(directory / f"{t}.parquet", schema=s) for t, s in SCHEMAS.items()})
    except (OSError, pa.ArrowException):
        raise BadGscExport(f"no Search Console import for {site} in {data_dir}: run "
                           "`backlinks import-gsc EXPORT --site SITE` first") from None


def gsc_linking_domains(data_dir: str | Path, site: str) -> list[tuple[str, int]]:
    """The registered domains Search Console says link to `site`, with their linking pages,
    most first: GSC's count from Top linking sites; for a domain only the sample links name,
    its number of sample links (a lower bound)."""
    export = load_import(data_dir, site)
    pages: dict[str, int] = {}
    for row in export.linking_sites.select(["domain", "linking_pages"]).to_pylist():
        pages[row["domain"]] = pages.get(row["domain"], 0) + row["linking_pages"]
    samples: dict[str, int] = {}
    for domain in export.sample_links.column("domain").to_pylist():
        samples[domain] = samples.get(domain, 0) + 1
    own = names.candidates(site)[-1]
    for domain, count in samples.items():
        pages.setdefault(domain, count)
    return sorted(((d, n) for d, n in pages.items() if d != own), key=lambda item: (-item[1], item[0]))
