-- audit: what the audited domain says of itself: the site names its pages declare and the
-- text of up to 500 of its pages' titles and descriptions (for brand, niche and relevance)
-- params: $domain
WITH p AS (
    SELECT og_site_name, title, meta_description
    FROM live_pages
    WHERE domain = $domain AND status BETWEEN 200 AND 299
    ORDER BY url
    LIMIT 500
)
SELECT coalesce(list(DISTINCT og_site_name) FILTER (WHERE og_site_name IS NOT NULL), []) AS site_names,
       coalesce(string_agg(coalesce(title, '') || ' ' || coalesce(meta_description, ''), ' '), '') AS text,
       count(*) AS pages
FROM p
