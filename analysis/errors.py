"""Errors of the analysis library; the command line prints each as one line and exits non-zero.

Every message is the whole story: what is wrong and what to do about it.
"""

from __future__ import annotations

from pathlib import Path


class AnalysisError(Exception):
    """Base of the errors a user of the link index can act on."""


class NoCrawlData(AnalysisError):
    """The data directory holds no `pages` or `links` part file yet."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = str(data_dir)
        super().__init__(f"no crawl data in {self.data_dir}: run `backlinks crawl --data {self.data_dir}` first")


class UnknownDomain(AnalysisError):
    """A domain that no crawled page and no link in the index mentions."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"unknown domain {name!r}: no crawled page and no link in the index mentions it")


class BadDomain(AnalysisError):
    """An argument that is not a host name, a domain or an http(s) URL."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"not a domain, host or http(s) URL: {text!r}")


class UnknownCrawl(AnalysisError):
    """A crawl id that is neither in the data nor in a crawl manifest."""

    def __init__(self, crawl_id: str) -> None:
        self.crawl_id = crawl_id
        super().__init__(f"unknown crawl {crawl_id!r}: `backlinks crawls` lists the crawls in the index")


class NotEnoughCrawls(AnalysisError):
    """`history` needs two crawls to compare."""

    def __init__(self, found: int) -> None:
        super().__init__(f"history compares two crawls, the index holds {found}")


class NoGraph(AnalysisError):
    """A question that needs the ranks of `graph.duckdb`, which was never built."""

    def __init__(self, data_dir: str | Path) -> None:
        self.data_dir = str(data_dir)
        super().__init__(f"no link graph in {self.data_dir}: run `backlinks build --data {self.data_dir}` first")


class BadPartFile(AnalysisError):
    """A file among the part files that is no Parquet file of ours: truncated, damaged, or
    written by another tool with other columns."""

    def __init__(self, path: str | Path, why: str) -> None:
        self.path = str(path)
        super().__init__(f"cannot read {self.path} ({why}): move it out of the data directory, "
                         "or delete it, and run the command again")


class BadFormat(AnalysisError):
    """An output format the formatter does not know, or one that needs a file."""


class BuildFailed(AnalysisError):
    """`backlinks build` stopped; the previous graph, if any, is untouched."""


class BadArgument(AnalysisError):
    """An option value outside its choices (a link kind, a placement, a dimension...)."""

    def __init__(self, option: str, value: object, choices: tuple[str, ...]) -> None:
        super().__init__(f"{option} must be one of {', '.join(choices)}; got {value!r}")


class BadDataset(AnalysisError):
    """Part files the index cannot read as `pages` or `links` (a required column missing, a
    column of the wrong type)."""
