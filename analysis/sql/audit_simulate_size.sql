-- audit, disavow --simulate: the number of nodes of the domain graph (ids run 0..n-1)
-- No parameters.
SELECT count(*) AS domains FROM domains
