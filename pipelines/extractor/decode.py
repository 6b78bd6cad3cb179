"""Response headers and body decoding, written once: the chain Scrapy's HtmlResponse uses.

Order: HTTP header charset, byte-order mark, `<meta charset>` / `http-equiv`, then detection
(UTF-8 if the bytes are valid UTF-8, else windows-1252), via `w3lib.encoding.html_to_unicode`.
Every string handed to pyarrow must be valid UTF-8 without NULs; `clean()` makes it so.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterable, Mapping, Sequence

from w3lib.encoding import (
    html_body_declared_encoding,
    html_to_unicode,
    http_content_type_encoding,
    read_bom,
    to_unicode,
)

HeaderValue = str | bytes
HeaderValues = HeaderValue | Sequence[HeaderValue]  # one value, or all of a name's (a list)
# Mapping is invariant in its keys: a dict of str names, of bytes names (Scrapy's), or of both
HeadersLike = (Mapping[str, HeaderValues] | Mapping[bytes, HeaderValues] | Mapping[HeaderValue, HeaderValues]
               | Iterable[tuple[HeaderValue, HeaderValue]] | None)

_UNSAFE = re.compile("[\x00" + chr(0xD800) + "-" + chr(0xDFFF) + "]")  # NUL, lone surrogates
# Codecs whose decoding with replacement never yields a lone surrogate.
_CLEAN_CODECS = frozenset(
    {
        "utf-8", "cp1252", "cp1251", "cp1250", "iso8859-1", "iso8859-2", "iso8859-15", "gb18030",
        "cp932", "euc_jp", "euc_kr", "big5", "utf-16-le", "utf-16-be",
    }
)  # fmt: skip
def clean(text: str) -> str:
    """`text` without NULs and lone surrogates, so that it encodes as UTF-8."""
    return _UNSAFE.sub("", text)


def _text(value: object) -> str:
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


class Headers:
    """Case-insensitive multi-valued view of response headers.

    Accepts a mapping (a value may be a list, as Scrapy's `Headers` holds them) or an
    iterable of (name, value) pairs, str or bytes.
    """

    def __init__(self, headers: HeadersLike) -> None:
        self._values: dict[str, list[str]] = {}
        if not headers:
            return
        items = headers.items() if isinstance(headers, Mapping) else headers
        for name, value in items:
            values = value if isinstance(value, (list, tuple)) else [value]
            bucket = self._values.setdefault(_text(name).strip().lower(), [])
            bucket.extend(clean(_text(v)).strip() for v in values if v is not None)

    def get(self, name: str) -> str | None:
        """The first value of header `name`, or None."""
        values = self._values.get(name.lower())
        return values[0] if values else None

    def getlist(self, name: str) -> list[str]:
        """Every value of header `name`, in the order received."""
        return list(self._values.get(name.lower(), ()))


def _declared(content_type: str | None, body: bytes) -> bool:
    """Whether the response names its encoding (BOM, HTTP header or `<meta>`)."""
    return bool(
        read_bom(body)[0] or http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    )


def decode_html(content_type: str | None, body: bytes) -> tuple[str, str]:
    """(charset used, text) of an HTML body; the text is safe for the parser and pyarrow.

    The last step of the chain, detection, is Scrapy's: UTF-8 if the bytes are valid
    UTF-8, else windows-1252. It is done after the fact (decoding once, not twice, in the
    common case): a body decoded as UTF-8 by default that needed replacement characters,
    and that declared nothing, is decoded again as windows-1252.
    """
    with warnings.catch_warnings():
        # A page may declare `unicode_escape`, whose decoder warns about its bad escapes
        # (DeprecationWarning, an error in a later Python): the page's bytes are no
        # concern of the process's warnings; the replacement characters say enough.
        warnings.simplefilter("ignore", DeprecationWarning)
        encoding, text = html_to_unicode(content_type, body)
    if encoding == "utf8":  # w3lib's name for its default
        encoding = "utf-8"
    if encoding == "utf-8" and "\ufffd" in text and not _declared(content_type, body):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            encoding, text = "cp1252", to_unicode(body, "cp1252")
    if "\x00" in text:
        text = text.replace("\x00", "")
    if encoding not in _CLEAN_CODECS and not text.isascii():
        # A page may declare any codec Python knows, `unicode_escape` included, and that
        # one can produce lone surrogates, which UTF-8 (and pyarrow) refuse.
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = clean(text)
    return charset_label(encoding), text


def charset_label(codec: str) -> str:
    """The WHATWG encoding label users know for a Python codec name: cp1252 ->
    windows-1252, cp932 -> shift_jis, iso8859-2 -> iso-8859-2; others as Python names them."""
    try:
        name = codecs.lookup(codec).name
    except LookupError:
        return codec
    if name.startswith("cp") and name[2:] in _WINDOWS_CODEPAGES:
        return f"windows-{name[2:]}"
    if name.startswith("iso8859-"):
        return "iso-" + name[3:]
    default = name.replace("_", "-") if name != "shift_jis" else name
    return {"cp932": "shift_jis", "euc_jp": "euc-jp", "euc_kr": "euc-kr", "mac-roman": "macintosh",
            "utf-16-le": "utf-16le", "utf-16-be": "utf-16be"}.get(name, default)


_WINDOWS_CODEPAGES = {"874", "1250", "1251", "1252", "1253", "1254", "1255", "1256", "1257", "1258"}


def parser_input(content_type: str | None, body: bytes) -> tuple[str, bytes]:
    """(charset used, the page as UTF-8 bytes without NULs): what lexbor reads, which
    parses bytes much faster than a str (0.21 s against 0.34 s on the corpus).

    The same charset and text as `decode_html`; a body in UTF-8, the web's usual case, is
    only checked (BOM, header, `<meta>`, validity), not decoded into a str that would be
    encoded back.
    """
    if _plain_utf8(content_type, body):
        return "utf-8", body.replace(b"\x00", b"") if b"\x00" in body else body
    charset, text = decode_html(content_type, body)
    return charset, text.encode("utf-8")


def _plain_utf8(content_type: str | None, body: bytes) -> bool:
    """Whether `decode_html` would read `body` as UTF-8 without replacing any byte: no
    BOM, UTF-8 or nothing declared (w3lib's order: header, then `<meta>`), valid UTF-8."""
    if read_bom(body)[0] is not None:
        return False
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if declared not in (None, "utf-8"):
        return False
    if body.isascii():
        return True
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


#: A tag longer than this is looked at; one with more attributes than `MAX_ATTRIBUTES`
#: loses them all. Lexbor checks each new attribute against the tag's others, so a tag
#: with n attributes costs n² (20,000 of them: 0.9 s; a 16 MiB page of them: an hour).
LONG_TAG = 16_384
MAX_ATTRIBUTES = 2_000
_ATTRIBUTE = re.compile(rb"""[\s/]+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]*))?""")
_TAG_NAME = re.compile(rb"<[A-Za-z][^\s/>]*")


def _long_gaps(data: bytes) -> list[tuple[int, int]]:
    """(start, end) of every stretch of `data` without a `>` longer than `LONG_TAG` (end:
    the `>` that closes it, or the end of `data`).

    Such a stretch covers a whole aligned block of half that length; a block holding a `>`
    is left at its first `>` (a few bytes in on a page of markup), so this costs a few
    thousand `find`s where a numpy pass over all the `>` of the page cost ten times more.
    """
    step = LONG_TAG // 2
    gaps: list[tuple[int, int]] = []
    covered = 0
    for block in range(0, len(data) - step + 1, step):
        if block < covered or data.find(b">", block, block + step) >= 0:
            continue
        start = data.rfind(b">", 0, block) + 1
        end = data.find(b">", block + step)
        end = len(data) if end < 0 else end
        if end - start + 1 > LONG_TAG:
            gaps.append((start, end))
        covered = end
    return gaps


def defuse(data: bytes) -> bytes:
    """`data` with the attributes of absurdly long tags removed (see `MAX_ATTRIBUTES`).

    A page without a stretch longer than `LONG_TAG` between two `>` is returned as it is.
    """
    pieces, done = [], 0
    for start, end in _long_gaps(data):
        opening = data.rfind(b"<", start, end)
        if opening < 0 or end - opening <= LONG_TAG:
            continue
        name = _TAG_NAME.match(data, opening)
        if name is None or len(_ATTRIBUTE.findall(data, name.end(), end)) <= MAX_ATTRIBUTES:
            continue
        pieces += [data[done : name.end()]]
        done = end
    return b"".join(pieces) + data[done:] if pieces else data
