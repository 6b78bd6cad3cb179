"""Every default of WARC ingest, in one place (named as the module constants that use them)."""

from __future__ import annotations

#: The crawl id of an ingest not given one. One id for all of them: any later run into it
#: (whatever its arguments) skips the files it already holds.
CRAWL_ID = "warc"

#: Bytes read at a time when scanning a file for the next record boundary.
SCAN_WINDOW = 1 << 20
#: Longest WARC header (or HTTP header block) looked at; a longer one is malformed.
MAX_HEADER = 64 * 1024
#: Most bytes allowed after a record's block inside its gzip member (the blank lines).
MAX_TRAILER = 8
#: Largest body extracted, after content decoding; the crawl's DOWNLOAD_MAXSIZE, so that
#: the crawl and ingest keep the same pages. A larger record is skipped and counted.
MAX_BODY = 16 * 1024 * 1024
#: Largest WAT JSON envelope parsed.
MAX_WAT = 16 * 1024 * 1024
#: Link rows buffered by a worker before its part files are written and its progress is
#: recorded in the ingest manifest (a checkpoint). Pages, originals and deferred
#: revisits are written at the same checkpoint.
CHECKPOINT_LINKS = 100_000
#: ... or this many page rows, whichever comes first ...
CHECKPOINT_PAGES = 5_000
#: ... or this many seconds since the last checkpoint.
CHECKPOINT_SECONDS = 60.0
#: A gzip-records file is split into byte ranges read by different processes when it is at
#: least twice this size and the files alone would leave processes idle.
MIN_RANGE = 64 * 1024 * 1024
#: Ranges planned per process when splitting (more ranges balance the load better).
RANGES_PER_PROCESS = 4
#: Errors logged per file with their offset; the rest are only counted.
LOGGED_ERRORS_PER_FILE = 20
#: Restarts of a gzip-stream file after errors (each one inflates the file from its start).
MAX_STREAM_RESYNCS = 16
#: Seconds between progress events a worker sends ...
PROGRESS_SECONDS = 0.5
#: ... and between two calls of the caller's progress function.
REPORT_SECONDS = 0.1
#: Prefix of every part file ingest writes (cleanup after a crash only touches these).
PART_PREFIX = "ingest"
#: Largest gzip member holding several records that is read again to keep them all.
MAX_MEMBER = 256 * 1024 * 1024
