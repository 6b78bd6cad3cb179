-- audit: the live backlinks of a domain, each with what the audit reads of its linking page
-- (title, description, noindex, HTML size, external links, its text: the windows of text
-- around every link on it, in page order, audit/aggregates.sql) and the linked page's title;
-- link_id numbers them from 0
-- params: $domain
WITH b AS (
    SELECT * FROM backlinks_to($domain, NULL)
),
texts AS (
    SELECT src_url,
           string_agg(context_before || ' ' || anchor || ' ' || context_after, ' '
                      ORDER BY position, context_before, anchor, context_after) AS src_text
    FROM audit_link_texts
    WHERE src_key IN (SELECT hash(src_url) FROM b) AND src_url IN (SELECT src_url FROM b)
    GROUP BY src_url
)
SELECT (row_number() OVER (ORDER BY b.src_domain, b.src_url, b.position, b.dst_url) - 1)::INTEGER AS link_id,
       b.src_url, b.src_host, b.src_domain, b.dst_url, b.kind, coalesce(b.image, false) AS image,
       anchor_key(b.anchor_text) AS anchor, b.placement, b.dofollow,
       follow_class(b.nofollow, b.ugc, b.sponsored, b.page_nofollow) AS follow,
       b.context_before, b.context_after, b.fetched_at,
       s.title AS src_title, s.meta_description AS src_description,
       coalesce(s.noindex, false) AS src_noindex, s.links_external AS src_links_external,
       s.linked_domains AS src_linked_domains, s.content_length AS src_bytes,
       t.src_text, d.title AS dst_title
FROM b
LEFT JOIN live_pages AS s ON s.url = b.src_url
LEFT JOIN live_pages AS d ON d.url = b.dst_url
LEFT JOIN texts AS t ON t.src_url = b.src_url
ORDER BY link_id
