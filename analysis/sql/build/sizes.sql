-- the number of nodes of the domain and host graphs (ids run 0..n-1; read by the build and by
-- disavow --simulate). No parameters.
SELECT (SELECT count(*) FROM domains) AS domains,
       (SELECT count(*) FROM hosts) AS hosts
