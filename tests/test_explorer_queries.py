"""The explorer's questions (crawler/explorer/queries.py): a question whose browser went away
is interrupted in DuckDB, not left running, and the index answers the next one."""

from __future__ import annotations

import asyncio

import pytest

from analysis.index import Index
from crawler.explorer.queries import Questions
from tests.support.datasets import history_web

#: A question DuckDB would take hours over: only an interrupt ends it.
ENDLESS = "SELECT count(*) FROM range(1000000000000) a WHERE a.range % 7 = 3"


def test_a_cancelled_question_is_interrupted_and_the_next_one_answers(tmp_path):
    history_web(tmp_path)
    questions = Questions(Index(tmp_path))
    started = asyncio.Event()

    async def scenario() -> None:
        loop = asyncio.get_running_loop()

        def endless(index: Index) -> object:
            loop.call_soon_threadsafe(started.set)
            return index.con.execute(ENDLESS).fetchone()

        asking = asyncio.create_task(questions.run(endless))
        await asyncio.wait_for(started.wait(), timeout=60)
        await asyncio.sleep(0.5)  # the user leaves a page whose question is already in DuckDB
        asking.cancel()  # what aiohttp does to the handler when the client disconnects
        with pytest.raises(asyncio.CancelledError):
            await asking
        assert questions.interrupted == 1
        profile = await asyncio.wait_for(questions.run(lambda index: index.profile("shop.com")), timeout=60)
        assert profile.domain == "shop.com"

    try:
        asyncio.run(scenario())
    finally:
        questions.close()  # waits for the worker thread: it returns only once DuckDB stopped
