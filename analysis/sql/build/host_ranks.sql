-- build step: the table host_ranks from the scores computed in Python (`scores`: host_id,
-- harmonic, harmonic_pos, pagerank, pr_pos). No parameters.
CREATE TABLE out.host_ranks AS
SELECT h.host_id, h.host, h.domain, s.harmonic, s.harmonic_pos, s.pagerank, s.pr_pos
FROM out.hosts AS h
JOIN scores AS s USING (host_id)
ORDER BY h.host_id;
