-- link value: the smallest and largest PageRank of the page graph, the ends of page rank's
-- 0-100 log scale (what `passed rank` is mapped by). No parameters.
SELECT min(pagerank) AS pr_min, max(pagerank) AS pr_max FROM page_ranks
