-- audit: for each group of domains (a referring domain and its link partners), the domains
-- outside the group with a live dofollow link into it: its supporters, each with its own
-- trust mass (audit_standing.sql's measure), whether it is a seed of trust and how many
-- domains it links out to
-- params: $groups (a list of {name, members})
WITH g AS (
    SELECT grp.name AS name, unnest(grp.members) AS member
    FROM (SELECT unnest($groups::STRUCT(name VARCHAR, members VARCHAR[])[]) AS grp)
),
n AS (
    SELECT count(*) AS domains, bool_or(trusted_seed) AS seeded FROM domain_ranks
),
ids AS (
    SELECT g.name, g.member, d.domain_id FROM g JOIN domains AS d ON d.domain = g.member
),
inbound AS (
    SELECT DISTINCT ids.name, e.src_id
    FROM ids
    JOIN domain_edges AS e ON e.dst_id = ids.domain_id
    WHERE e.live AND e.dofollow_links > 0 AND e.src_id <> e.dst_id
)
SELECT i.name, r.domain AS supporter,
       CASE WHEN n.seeded THEN coalesce(r.trust_raw, 0) * n.domains END AS trust_mass,
       coalesce(r.trusted_seed, false) AS trusted_seed, coalesce(r.out_domains, 0) AS out_domains
FROM inbound AS i
CROSS JOIN n
JOIN domain_ranks AS r ON r.domain_id = i.src_id
WHERE NOT EXISTS (SELECT 1 FROM ids WHERE ids.name = i.name AND ids.domain_id = i.src_id)
ORDER BY i.name, r.domain
