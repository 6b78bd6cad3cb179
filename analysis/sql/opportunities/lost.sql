-- links to reclaim: the backlinks of $domain lost between crawls $old and $new whose page is
-- still up (it answers 2xx: the link was removed, or the page became noindex or points its
-- canonical elsewhere), with the reason and both fetches' WARC records (views/history.sql)
-- params: $domain, $old, $new (crawl ids, the older first)
SELECT src_url, src_domain, dst_url, anchor_text, reason, new_status, new_fetched_at,
       old_record, new_record
FROM link_changes($domain, $old, $new)
WHERE change = 'lost' AND reason IN ('link_removed', 'noindex', 'not_canonical')
ORDER BY src_domain, src_url, dst_url
