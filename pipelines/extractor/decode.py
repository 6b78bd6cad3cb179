"""Response headers and body decoding, written once: the chain Scrapy's HtmlResponse uses.

Order: HTTP header charset, byte-order mark, `<meta charset>` / `http-equiv`, then detection
(UTF-8 if the bytes are valid UTF-8, else windows-1252), via `w3lib.encoding.html_to_unicode`.
Every string handed to pyarrow must be valid UTF-8 without NULs; `clean()` makes it so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Union

from w3lib.encoding import html_to_unicode, resolve_encoding

HeaderValue = Union[str, bytes]
HeadersLike = Union[Mapping[HeaderValue, HeaderValue], Iterable[tuple[HeaderValue, HeaderValue]], None]

_UNSAFE = re.compile("[\x00\ud800-\udfff]")
# Content types whose body is parsed for links.
_HTML_TYPES = ("text/html", "application/xhtml+xml", "application/vnd.wap.xhtml+xml")
# The WHATWG MIME sniffing standard's HTML patterns (leading whitespace, then one of these
# tags followed by a space or `>`), used only when the response has no Content-Type.
_SNIFF = re.compile(
    rb"[\t\n\x0c\r ]*<(?:!doctype html|html|head|script|iframe|h1|div|font|table|a|style"
    rb"|title|b|body|br|p|!--)[ >]",
    re.IGNORECASE,
)


def clean(text: str) -> str:
    """`text` without NULs and lone surrogates, so that it encodes as UTF-8."""
    return _UNSAFE.sub("", text)


def _text(value: HeaderValue) -> str:
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


def _detect(body: bytes) -> str | None:
    # Scrapy's TextResponse._auto_detect_fun: the first of these that decodes cleanly.
    if body.isascii():
        return "utf-8"
    for encoding in ("utf-8", "cp1252"):
        try:
            body.decode(encoding)
        except UnicodeError:
            continue
        return resolve_encoding(encoding)
    return None


def decode_html(content_type: str | None, body: bytes) -> tuple[str, str]:
    """(charset used, text) of an HTML body; the text is safe for the parser and pyarrow."""
    encoding, text = html_to_unicode(content_type, body, auto_detect_fun=_detect)
    if "\x00" in text:
        text = text.replace("\x00", "")
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = clean(text)
    return encoding, text


def is_html(content_type: str | None, body: bytes) -> bool:
    """Whether the response is HTML: by its Content-Type, else by sniffing its first bytes."""
    if content_type:
        mime = content_type.split(";", 1)[0].strip().lower()
        if mime:
            return mime in _HTML_TYPES or mime.endswith("+html")
    head = body[:1024].lstrip(b"\xef\xbb\xbf")
    return bool(_SNIFF.match(head))
