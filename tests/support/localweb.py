"""The local web for tests: ``running_localweb(tmp_path, **kwargs)`` (crawler/localweb_process.py)
and the session fixture ``localweb`` (import it in a conftest)::

    with running_localweb(tmp_path, hosts=20) as web:
        crawl(seeds, proxy=web.proxy_url)
        truth = web.truth()
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.localweb_process import LocalWebProcess, running_localweb

__all__ = ["LocalWebProcess", "localweb", "running_localweb"]


@pytest.fixture(scope="session")
def localweb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalWebProcess]:
    """One default local web for the whole test run."""
    with running_localweb(tmp_path_factory.mktemp("localweb")) as web:
        yield web
