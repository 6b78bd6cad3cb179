"""The Parquet schemas of the `pages` and `links` tables, declared once and versioned.

Every writer (the crawl's store pipeline, WARC ingest) and every reader (the DuckDB views)
goes through these two schemas; the README documents them column by column.
"""

from __future__ import annotations

import pyarrow as pa

SCHEMA_VERSION = "1"
SCHEMA_VERSION_KEY = b"backlinks.schema_version"

#: Link kinds: how a page links out.
LINK_KINDS = ("a", "area", "redirect", "canonical", "refresh", "alternate", "frame")
#: Where a link sits in its page.
PLACEMENTS = ("content", "nav", "header", "footer", "aside", "comment", "other")

_ts = pa.timestamp("ms", tz="UTC")

LINKS = pa.schema(
    [
        ("crawl_id", pa.string()),
        ("fetched_at", _ts),
        ("source", pa.string()),  # "crawl", or "warc:<file>@<offset>" for ingest
        ("src_url", pa.string()),
        ("src_host", pa.string()),
        ("src_domain", pa.string()),
        ("dst_url", pa.string()),
        ("dst_host", pa.string()),
        ("dst_domain", pa.string()),
        ("kind", pa.string()),
        ("image", pa.bool_()),  # the anchor is an image; anchor_text is its alt text
        ("anchor_text", pa.string()),
        ("rel", pa.string()),  # the rel tokens, lower-cased, space-separated
        ("nofollow", pa.bool_()),
        ("ugc", pa.bool_()),
        ("sponsored", pa.bool_()),
        ("page_nofollow", pa.bool_()),  # meta robots / X-Robots-Tag nofollow on the source page
        ("placement", pa.string()),
        ("context_before", pa.string()),
        ("context_after", pa.string()),
        ("position", pa.int32()),  # ordinal of the link in its page, from 0
        ("external", pa.bool_()),  # dst_domain differs from src_domain
        ("hreflang", pa.string()),  # for kind=alternate
        ("href", pa.string()),  # the attribute as written, for debugging
    ],
    metadata={SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode()},
)

PAGES = pa.schema(
    [
        ("crawl_id", pa.string()),
        ("fetched_at", _ts),
        ("source", pa.string()),
        ("url", pa.string()),
        ("host", pa.string()),
        ("domain", pa.string()),
        ("status", pa.int16()),  # HTTP status; 0 when the fetch failed (see `error`)
        ("error", pa.string()),  # why the fetch failed, or null
        ("depth", pa.int16()),
        ("content_type", pa.string()),
        ("content_length", pa.int64()),  # body bytes after content decoding
        ("charset", pa.string()),  # the charset the body was decoded with
        ("ip_address", pa.string()),
        ("redirect_to", pa.string()),  # resolved Location of a 3xx
        ("title", pa.string()),
        ("meta_description", pa.string()),
        ("lang", pa.string()),
        ("canonical", pa.string()),
        ("meta_robots", pa.string()),
        ("x_robots_tag", pa.string()),
        ("noindex", pa.bool_()),
        ("nofollow", pa.bool_()),  # page-level nofollow
        ("links_internal", pa.int32()),
        ("links_external", pa.int32()),
        ("linked_domains", pa.int32()),
        ("non_http_links", pa.int32()),  # javascript:, mailto:, tel:, data:, ... hrefs
        ("unresolvable_links", pa.int32()),  # hrefs that are not valid URLs
        ("simhash", pa.int64()),  # 64-bit near-duplicate fingerprint of the text
        ("content_sha1", pa.string()),
        ("analytics_ids", pa.list_(pa.string())),
        ("contacts", pa.list_(pa.string())),  # e-mail addresses and phone numbers found
        ("text", pa.string()),  # the main text (no nav, sidebars, site header/footer), cut at 16,384 characters
        ("og_site_name", pa.string()),
        ("og_type", pa.string()),
        ("schema_types", pa.list_(pa.string())),
        ("author", pa.string()),
        ("date_published", pa.string()),
        ("same_as", pa.list_(pa.string())),
        ("warc_file", pa.string()),
        ("warc_offset", pa.int64()),
        ("warc_length", pa.int64()),
    ],
    metadata={SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode()},
)

#: Columns a crawl (or ingest) sets for every row; the extractor leaves them out.
CRAWL_COLUMNS = ("crawl_id", "fetched_at", "source")

#: robots.txt as the crawl obeyed it, one row per origin and fetch (crawler/robotsrecord.py):
#: what lets `backlinks coverage` tell a page refused by robots.txt from one never reached.
ROBOTS = pa.schema(
    [
        ("crawl_id", pa.string()),
        ("fetched_at", _ts),
        ("origin", pa.string()),  # scheme://host[:port], as RFC 9309 scopes robots.txt
        ("status", pa.int16()),  # of robots.txt; 0 when it could not be fetched
        ("body", pa.binary()),  # the rules obeyed: the file; disallow-all for a 5xx or 0; empty for a 4xx
        ("error", pa.string()),  # why robots.txt could not be fetched, or null
        ("user_agent", pa.string()),  # the token the rules were matched against (ROBOTSTXT_USER_AGENT)
    ],
    metadata={SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode()},
)

#: The candidate domains of a discovery crawl (`backlinks discover`), one row per candidate
#: each time it changed: the latest `updated_at` of a (crawl_id, domain) is its state.
CANDIDATES = pa.schema(
    [
        ("crawl_id", pa.string()),
        ("targets", pa.list_(pa.string())),  # the registered domains the crawl looks for
        ("domain", pa.string()),  # the candidate's registered domain
        ("score", pa.float64()),  # 0..1: 1 - exp(-weight)
        ("weight", pa.float64()),  # the evidence weight, the sum of -ln(1 - e) over its sources
        ("state", pa.string()),  # candidate, crawling, crawled
        ("crawled", pa.bool_()),  # admitted to the crawl (crawling or crawled)
        ("linking_domains", pa.int32()),  # crawled domains found linking to it
        ("topic", pa.float64()),  # the best topical relevance of a linking page, 0..1
        ("anchor", pa.float64()),  # the best relevance of a link's anchor and its context, 0..1
        ("cocitations", pa.int32()),  # linking domains whose page also links to a target
        ("mentions", pa.int32()),  # linking domains whose page names a target
        ("prior", pa.float64()),  # the strongest evidence from outside the crawl
        ("prior_source", pa.string()),  # gsc, webgraph
        ("shared_terms", pa.list_(pa.string())),  # what its best linking page shares with the targets
        #: its signals summed over its sources, in crawler/discovery/evidence.py FEATURES order
        #: (link, topic, anchor, cites, site_cites, names, gsc, webgraph_link, webgraph_rank)
        ("evidence", pa.list_(pa.float64())),
        ("first_seen_url", pa.string()),  # the first crawled page found linking to it
        ("first_seen_at", _ts),
        ("entry_url", pa.string()),  # where its crawl starts
        ("admitted_at", _ts),
        ("admission", pa.int32()),  # its place in the order domains were admitted, from 1
        ("updated_at", _ts),
    ],
    metadata={SCHEMA_VERSION_KEY: SCHEMA_VERSION.encode()},
)
