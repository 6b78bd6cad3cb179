"""The terms relevance reads: TF-IDF over the index's own pages, computed once by `backlinks build`.

Each live page's title, meta description and main text (`pages.text`) become terms (runs of
3 to 30 letters, lower-cased, the crawler's stop words left out: crawler/discovery/terms.py);
a term weighs tf x idf, tf its share of the page's terms, idf ln(pages / pages holding it).
The build keeps each page's 30 heaviest terms and each registered domain's 50 (the same over
all its pages, idf over domains), in the graph tables `value_page_terms` and
`value_domain_terms` (analysis/sql/value/terms.sql), with each page's links by region
(`value_region_links`, what placement's crowd factor reads). A value reads them while the graph is
fresh (`use`); otherwise it computes them again from the same SQL, as the audit does with
its aggregates.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from analysis import db, sql
from crawler.discovery.terms import STOPWORDS

if TYPE_CHECKING:
    import duckdb

#: graph.duckdb's meta key saying which version of the terms tables it holds.
META_KEY = "value_terms"
VERSION = "2"

Vector = dict[str, float]


def _views(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("CREATE OR REPLACE TEMP TABLE value_stopwords AS SELECT unnest($words) AS term",
                {"words": sorted(STOPWORDS)})
    con.execute(sql.load("value/terms"))


def use(con: duckdb.DuckDBPyConnection) -> bool:
    """Create the views `value_page_terms`, `value_domain_terms` and `value_region_links`: over graph.duckdb's
    tables when the graph is fresh and holds them, else computed. True when stored."""
    if db.info(con)["graph"] == "fresh":
        stored = con.execute("SELECT value FROM graph_meta WHERE key = $key", {"key": META_KEY}).fetchall()
        if stored and stored[0][0] == VERSION:
            con.execute(sql.load("value/stored"))
            return True
    _views(con)
    con.execute(sql.load("value/computed"))
    return False


def store(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Build step: the terms as tables of the graph being built (attached as `out`, its pages
    stored); returns the meta entry that says so."""
    _views(con)
    con.execute(sql.load("build/value_terms"))
    return {META_KEY: VERSION}


def vectors(con: duckdb.DuckDBPyConnection, question: str, /, **params: object) -> dict[str, Vector]:
    """The term vectors a question of analysis/sql/ returns as (key, term, weight) rows."""
    out: dict[str, Vector] = defaultdict(dict)
    for key, term, weight in sql.run(con, question, **params).fetchall():
        out[key][term] = weight
    return dict(out)
