-- one row per backlink of a domain: source and target, anchor, rel flags and what they make
-- of it (`follow`: dofollow, nofollow, ugc, sponsored or page_nofollow), kind, placement, the
-- text around it, the referring domain's rank and the referring page's (page_rank), and when it was
-- fetched / first / last seen
-- params: $domain, $crawl (NULL: the live index), $dofollow_only, $kind, $placement,
--         $min_rank (referring domain's rank), $since (first seen at or after),
--         $one_per_domain (the best link of each referring domain), $limit (NULL: all)
WITH b AS (
    SELECT l.*, r.domain_rank, pr.page_rank
    FROM backlinks_to($domain, $crawl) AS l
    LEFT JOIN domain_ranks AS r ON r.domain = l.src_domain
    LEFT JOIN page_ranks AS pr ON pr.url_hash = hash(l.src_url)
    WHERE (NOT $dofollow_only OR l.dofollow)
      AND ($kind IS NULL OR l.kind = $kind)
      AND ($placement IS NULL OR l.placement = $placement)
      AND ($min_rank IS NULL OR r.domain_rank >= $min_rank)
)
SELECT b.src_url, b.src_domain, b.domain_rank, b.page_rank, b.dst_url, b.anchor_text,
       follow_class(b.nofollow, b.ugc, b.sponsored, b.page_nofollow) AS follow, b.kind, b.image,
       b.rel, b.nofollow, b.ugc, b.sponsored, b.page_nofollow, b.dofollow, b.placement,
       b.context_before, b.context_after, b.position, b.fetched_at, s.first_seen, s.last_seen,
       b.crawl_id
FROM b
JOIN link_seen($domain) AS s USING (src_url, dst_url)
WHERE $since IS NULL OR s.first_seen >= $since
QUALIFY NOT $one_per_domain
     OR row_number() OVER (PARTITION BY b.src_domain
                           ORDER BY b.dofollow DESC, b.placement = 'content' DESC,
                                    s.first_seen, b.src_url, b.position) = 1
ORDER BY b.domain_rank DESC NULLS LAST, b.src_domain, b.src_url, b.position
LIMIT $limit
