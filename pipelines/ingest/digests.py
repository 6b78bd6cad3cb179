"""WARC-Block-Digest and WARC-Payload-Digest checks (`--verify-digests`).

A digest is `algorithm:value`; writers use sha1 in base32 (ISO 28500's example, warcio,
Heritrix, Common Crawl) but base16 and base64 (plain or URL-safe) occur, and sha256 or md5
now and then. The check is ours, over the exact block bytes the reader hands over, so the
fastwarc and warcio readers agree (fastwarc's own check knows base32 only).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re

from pipelines.ingest import defaults

_HEAD_END = re.compile(rb"\r?\n\r?\n")
_ALGORITHMS = {"sha1": "sha1", "sha256": "sha256", "sha512": "sha512", "md5": "md5",
               "sha384": "sha384", "sha224": "sha224"}


def parse(text: str | None) -> tuple[str, str] | None:
    """(hashlib name, value) of a digest header; None if absent or of an unknown algorithm."""
    if not text or ":" not in text:
        return None
    algorithm, _, value = text.strip().partition(":")
    name = _ALGORITHMS.get(algorithm.strip().lower().replace("-", ""))
    return (name, value.strip()) if name and value.strip() else None


def matches(value: str, digest: bytes) -> bool:
    """Whether `value` (base32, base16 or base64, padded or not) spells `digest`."""
    for decode in (_b32, _b16, _b64, _b64url):
        try:
            if decode(value) == digest:
                return True
        except (binascii.Error, ValueError):
            continue
    return False


def _pad(value: str, block: int) -> str:
    return value + "=" * (-len(value) % block)


def _b32(value: str) -> bytes:
    return base64.b32decode(_pad(value.upper(), 8))


def _b16(value: str) -> bytes:
    return bytes.fromhex(value)


def _b64(value: str) -> bytes:
    return base64.b64decode(_pad(value, 4), validate=True)


def _b64url(value: str) -> bytes:
    return base64.urlsafe_b64decode(_pad(value, 4))


class Checker:
    """Hashes one record's block, and its payload, as the block is read.

    The payload of an HTTP record (`http`) starts after its HTTP head, found in the first
    bytes; of any other record, it is the block. `payload` is False for a revisit (its
    payload digest names the original's payload).
    """

    def __init__(self, block_header: str | None, payload_header: str | None, *,
                 payload: bool = True, http: bool = True) -> None:
        self.block = parse(block_header)
        self.payload = parse(payload_header) if payload else None
        self._block = hashlib.new(self.block[0]) if self.block else None
        self._payload = hashlib.new(self.payload[0]) if self.payload else None
        self.position = 0
        self.payload_start: int | None = None if http else 0
        self._early = b""  # the first bytes, until the payload start is known

    @property
    def active(self) -> bool:
        return self._block is not None or self._payload is not None

    def feed(self, data: bytes) -> None:
        if self._block is not None:
            self._block.update(data)
        if self._payload is not None:
            if self.payload_start is None:
                self._early += data
                self._find_payload()
            else:
                skip = max(0, self.payload_start - self.position)
                self._payload.update(memoryview(data)[skip:])
        self.position += len(data)

    def _find_payload(self) -> None:
        end = _HEAD_END.search(self._early, 0, defaults.MAX_HEADER + 4)
        if end is not None:
            self.start_payload(end.end())
        elif len(self._early) > defaults.MAX_HEADER + 4:
            self.start_payload(0)  # no HTTP head: the payload is the whole block

    def start_payload(self, offset: int) -> None:
        """The payload starts `offset` bytes into the block (after the HTTP head)."""
        if self.payload_start is not None:
            return  # found already, in the first bytes
        self.payload_start = offset
        early, self._early = self._early, b""
        if self._payload is not None:
            self._payload.update(memoryview(early)[offset:])

    def results(self) -> tuple[bool | None, bool | None]:
        """(block digest matches, payload digest matches); None where there is none."""
        if self.payload_start is None:
            self.start_payload(0)  # no HTTP head: the payload is the whole block
        block = matches(self.block[1], self._block.digest()) if self.block and self._block else None
        payload = (matches(self.payload[1], self._payload.digest())
                   if self.payload and self._payload else None)
        return block, payload
