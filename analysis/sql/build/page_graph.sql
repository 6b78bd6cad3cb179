-- build step: the page graph page rank runs on: the distinct live dofollow links between two
-- different URLs, internal ones included (as Ahrefs' UR and Majestic's CF). A URL is named by
-- hash(url) (64 bits: a collision among a few million URLs is a one-in-a-million event) and
-- numbered 0..n-1 in temp table page_ids. No parameters.
CREATE TEMP TABLE page_edges_hashed AS
SELECT DISTINCT hash(src_url) AS src, hash(dst_url) AS dst
FROM out.links
WHERE live AND dofollow AND src_url <> dst_url;

CREATE TEMP TABLE page_ids AS
SELECT url_hash, (row_number() OVER () - 1)::INTEGER AS url_id
FROM (SELECT src AS url_hash FROM page_edges_hashed UNION SELECT dst FROM page_edges_hashed);
