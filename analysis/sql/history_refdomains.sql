-- the referring domains of a domain that are new or lost between two crawls: new when the
-- newer crawl has a counting backlink from it and the older had none; lost the other way
-- round, with the reasons its links were lost (views/history.sql)
-- params: $domain, $old, $new (crawl ids, the older first), $limit (NULL: all)
WITH d AS (
    SELECT src_domain,
           bool_or(change IN ('lost', 'kept')) AS in_old,
           bool_or(change IN ('new', 'kept')) AS in_new,
           count(*) FILTER (WHERE change = 'new') AS new_backlinks,
           count(*) FILTER (WHERE change = 'lost') AS lost_backlinks,
           list(DISTINCT reason ORDER BY reason) FILTER (WHERE change = 'lost') AS lost_reasons
    FROM link_changes($domain, $old, $new)
    GROUP BY src_domain
)
SELECT CASE WHEN in_new THEN 'new' ELSE 'lost' END AS change,
       src_domain AS domain, r.domain_rank, new_backlinks, lost_backlinks, lost_reasons
FROM d
LEFT JOIN domain_ranks AS r ON r.domain = d.src_domain
WHERE in_old <> in_new
ORDER BY change DESC, r.domain_rank DESC NULLS LAST, domain
LIMIT $limit
