-- build step: the number of nodes of the domain and host graphs (ids run 0..n-1).
-- No parameters.
SELECT (SELECT count(*) FROM out.domains) AS domains,
       (SELECT count(*) FROM out.hosts) AS hosts
