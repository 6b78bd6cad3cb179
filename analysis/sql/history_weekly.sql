-- a domain's new and lost backlinks and referring domains per week, over every two
-- consecutive crawls (counted in the week the newer crawl started; views/history.sql)
-- params: $domain
WITH pair_domains AS (
    SELECT new_started_at, old_crawl_id, src_domain,
           bool_or(change IN ('lost', 'kept')) AS in_old,
           bool_or(change IN ('new', 'kept')) AS in_new,
           count(*) FILTER (WHERE change = 'new') AS new_links,
           count(*) FILTER (WHERE change = 'lost') AS lost_links
    FROM link_changes($domain, NULL, NULL)
    GROUP BY new_started_at, old_crawl_id, src_domain
)
SELECT date_trunc('week', new_started_at) AS week,
       count(DISTINCT old_crawl_id) AS crawls,
       sum(new_links)::BIGINT AS new_backlinks,
       sum(lost_links)::BIGINT AS lost_backlinks,
       count(*) FILTER (WHERE in_new AND NOT in_old) AS new_referring_domains,
       count(*) FILTER (WHERE in_old AND NOT in_new) AS lost_referring_domains
FROM pair_domains
GROUP BY week
ORDER BY week
