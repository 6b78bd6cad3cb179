-- the backlinks of a domain that are new or lost between two crawls, each with its reason and
-- both fetches' WARC records as evidence (views/history.sql defines new, lost and the reasons)
-- params: $domain, $old, $new (crawl ids, the older first), $limit (NULL: all)
SELECT change, reason, src_url, src_domain, dst_url, anchor_text, dofollow,
       old_status, new_status, old_fetched_at, new_fetched_at, old_record, new_record
FROM link_changes($domain, $old, $new)
WHERE change <> 'kept'
ORDER BY change DESC, reason, src_domain, src_url, dst_url
LIMIT $limit
