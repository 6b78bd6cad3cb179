-- audit: backlinks of a domain that reach it through redirects: the link itself a redirect
-- (and the redirects leading to its source), then the redirects from the URL it names on
-- (chains followed 10 steps at most)
-- params: $domain
WITH RECURSIVE
redirects AS (
    SELECT DISTINCT src_url, dst_url FROM live_links WHERE kind = 'redirect'
),
b AS (
    SELECT DISTINCT src_url, dst_url, kind FROM backlinks_to($domain, NULL)
),
fwd(start, url, hops) AS (
    SELECT DISTINCT dst_url, dst_url, 0 FROM b
    UNION ALL
    SELECT f.start, r.dst_url, f.hops + 1 FROM fwd AS f
    JOIN redirects AS r ON r.src_url = f.url
    WHERE f.hops < 10
),
bwd(start, url, hops) AS (
    SELECT DISTINCT src_url, src_url, 0 FROM b WHERE kind = 'redirect'
    UNION ALL
    SELECT w.start, r.src_url, w.hops + 1 FROM bwd AS w
    JOIN redirects AS r ON r.dst_url = w.url
    WHERE w.hops < 10
)
SELECT b.src_url, b.dst_url,
       (b.kind = 'redirect')::INTEGER + coalesce(bw.hops, 0) + coalesce(fw.hops, 0) AS redirects
FROM b
LEFT JOIN (SELECT start, max(hops) AS hops FROM fwd GROUP BY start) AS fw ON fw.start = b.dst_url
LEFT JOIN (SELECT start, max(hops) AS hops FROM bwd GROUP BY start) AS bw
       ON bw.start = b.src_url AND b.kind = 'redirect'
WHERE (b.kind = 'redirect')::INTEGER + coalesce(bw.hops, 0) + coalesce(fw.hops, 0) > 0
ORDER BY b.src_url, b.dst_url
