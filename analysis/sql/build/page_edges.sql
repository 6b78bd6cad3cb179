-- build step: the page graph of page_graph.sql as ids, and its number of URLs. No parameters.
SELECT s.url_id AS src_id, d.url_id AS dst_id, (SELECT count(*) FROM page_ids) AS n
FROM page_edges_hashed AS e
JOIN page_ids AS s ON s.url_hash = e.src
JOIN page_ids AS d ON d.url_hash = e.dst
