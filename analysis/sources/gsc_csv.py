"""CSV as Search Console, Google Sheets and Excel write it: rows of cells, counts and dates.

What each writer does to the Links report's exports (and so what is read here):
- Search Console's zip: UTF-8 with a BOM, `,`, CRLF, fields quoted when they hold a comma
  ("1,240"), dates as the interface's language writes them (2026-09-15, "Sep 15, 2026",
  15/09/2026).
- Google Sheets' "Download as CSV": UTF-8 without a BOM, CRLF, numbers as formatted.
- Excel: `sep=;` as a first line, `;` where the decimal mark is a comma, text cells as
  formulas (`="1,240"`), "CSV UTF-8" with a BOM, plain "CSV" in the Windows code page
  (cp1252), "Unicode text" in UTF-16 with tabs; dates re-written as d/m/yyyy or m/d/yyyy
  as the locale says.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from datetime import date, datetime

_DELIMITERS = (",", ";", "\t", "|")
_SEP_LINE = re.compile(r"^sep=(.)\s*$", re.IGNORECASE)
_FORMULA = re.compile(r'^="(.*)"$', re.DOTALL)
#: A count, with any thousands separator a locale uses (1,240 1.240 1 240 1'240).
_COUNT = re.compile(r"\d{1,3}(?:([,.' \u00a0\u202f])\d{3})(?:\1\d{3})*|\d+(?:\.0+)?")
_MONTHS = {m.lower(): i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_ISO = re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T].*)?")
_NUMERIC = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})(?: .*)?")
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})")  # Sep 15, 2026
_DAY_FIRST = re.compile(r"(\d{1,2})\.?[ -]([A-Za-z]{3,9})\.?[ ,-]+(\d{2}|\d{4})")  # 15 Sep 2026, 15-Sep-26


def decode(data: bytes) -> str:
    """The text of a CSV file: by its BOM (UTF-8, UTF-16), else UTF-8, else cp1252."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                          (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_rows(data: bytes) -> list[list[str]]:
    """The rows of a CSV file, cells stripped and formulas unwrapped, blank rows left out."""
    text = decode(data).lstrip("\ufeff")
    first, _, rest = text.partition("\n")
    sep = _SEP_LINE.match(first.strip("\r"))
    if sep:
        text, delimiter = rest, sep[1]
    else:
        delimiter = max(_DELIMITERS, key=lambda d: _count_outside_quotes(first, d))
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        cells = [_cell(c) for c in row]
        while cells and not cells[-1]:  # Excel pads short rows with delimiters
            cells.pop()
        if cells:
            rows.append(cells)
    return rows


def _count_outside_quotes(line: str, delimiter: str) -> int:
    return sum(1 for i, part in enumerate(line.split('"')) if i % 2 == 0 for c in part if c == delimiter)


def _cell(text: str) -> str:
    text = text.strip().strip("\ufeff")
    formula = _FORMULA.match(text)
    return formula[1].strip() if formula else text


def parse_count(text: str) -> int | None:
    """`1,240` -> 1240; None for what is no count."""
    text = text.strip()
    if not _COUNT.fullmatch(text):
        return None
    return int(re.sub(r"\D", "", text.split(".")[0] if re.fullmatch(r"\d+\.0+", text) else text))


def parse_dates(values: list[str]) -> tuple[list[date | None], str]:
    """The dates of one column, and a note on how numeric dates were read.

    d/m/yyyy and m/d/yyyy are told apart over the whole column: a first number above 12 is a
    day, a second above 12 too; when none is, day first (Search Console's dd/mm/yyyy)."""
    numeric = [_NUMERIC.fullmatch(v.strip()) for v in values]
    firsts = [int(m[1]) for m in numeric if m]
    seconds = [int(m[2]) for m in numeric if m]
    month_first = any(s > 12 for s in seconds) and not any(f > 12 for f in firsts)
    note = ""
    if firsts and not any(f > 12 for f in firsts) and not month_first:
        note = "dates like 03/04/2026 read day first: no value tells the order"
    return [_date(v.strip(), month_first) for v in values], note


def _date(text: str, month_first: bool) -> date | None:
    if not text:
        return None
    try:
        if m := _ISO.fullmatch(text):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if m := _NUMERIC.fullmatch(text):
            day, month = (int(m[2]), int(m[1])) if month_first else (int(m[1]), int(m[2]))
            return date(_year(m[3]), month, day)
        if m := _MONTH_FIRST.fullmatch(text):
            return date(int(m[3]), _MONTHS[m[1][:3].lower()], int(m[2]))
        if m := _DAY_FIRST.fullmatch(text):
            return date(_year(m[3]), _MONTHS[m[2][:3].lower()], int(m[1]))
        return datetime.fromisoformat(text).date()
    except (ValueError, KeyError):
        return None


def _year(text: str) -> int:
    return int(text) + 2000 if len(text) == 2 else int(text)
