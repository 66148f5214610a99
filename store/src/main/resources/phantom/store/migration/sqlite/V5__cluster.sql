-- The twin of postgresql/V5__cluster.sql makes the tables of a cluster of nodes. The embedded
-- database runs exactly one node (the serve.lock file lock), so it has no such tables; this
-- migration keeps the two schema histories at the same version.
SELECT 1;
