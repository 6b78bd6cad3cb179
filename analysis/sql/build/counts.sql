-- build step: the size of what was built, for the summary. No parameters.
SELECT (SELECT count(*) FROM out.pages) AS pages,
       (SELECT count(*) FROM out.links) AS links,
       (SELECT count(*) FROM out.domains) AS domains,
       (SELECT count(*) FROM out.hosts) AS hosts,
       (SELECT count(*) FROM out.domain_edges) AS domain_edges,
       (SELECT count(*) FROM out.host_edges) AS host_edges
