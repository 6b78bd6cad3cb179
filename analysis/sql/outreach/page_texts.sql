-- the main text of some live pages (a site's contact and imprint pages, read for phone numbers)
-- params: $urls (list of URLs)
SELECT url, text
FROM live_pages
WHERE list_contains($urls::VARCHAR[], url) AND text IS NOT NULL
ORDER BY url
