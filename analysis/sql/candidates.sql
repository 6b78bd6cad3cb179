-- the candidates of the discovery crawls that looked for a domain: the next ones (not crawled
-- yet, best first) or, with $crawled, those crawled (in the order they were admitted), each
-- with why it scores what it does (crawler/discovery/evidence.py: each signal's meaning)
-- params: $domain (a target of the crawls), $crawl (NULL: every crawl, each domain's latest
-- state), $crawled, $limit (NULL: all)
WITH latest AS (
    SELECT *
    FROM candidates
    WHERE list_contains(targets, $domain) AND ($crawl IS NULL OR crawl_id = $crawl)
    QUALIFY row_number() OVER (PARTITION BY domain ORDER BY updated_at DESC) = 1
)
SELECT domain, score, state, linking_domains, topic, anchor, cocitations, mentions, prior, prior_source,
       concat_ws('; ',
           printf('linked from %d crawled domain%s', linking_domains, CASE WHEN linking_domains = 1 THEN '' ELSE 's' END),
           CASE WHEN topic > 0 THEN printf('topic %.2f (%s)', topic, array_to_string(shared_terms, ', ')) END,
           CASE WHEN anchor > 0 THEN printf('anchor %.2f', anchor) END,
           CASE WHEN cocitations > 0 THEN printf('%d co-citing a target', cocitations) END,
           CASE WHEN mentions > 0 THEN printf('%d naming a target', mentions) END,
           CASE WHEN prior > 0 THEN printf('%s lists it', prior_source) END) AS why,
       shared_terms, first_seen_url, first_seen_at, entry_url, admission, admitted_at, crawl_id
FROM latest
WHERE crawled = $crawled
ORDER BY CASE WHEN $crawled THEN admission END, score DESC, domain
LIMIT $limit
