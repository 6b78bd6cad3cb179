-- the contact details a site's live pages carry (pages.contacts: e-mail addresses, and phone
-- numbers as tel:...), one row per page and contact
-- params: $domain
SELECT url, title, unnest(contacts) AS contact
FROM live_pages
WHERE domain = $domain AND len(coalesce(contacts, [])) > 0
ORDER BY url
