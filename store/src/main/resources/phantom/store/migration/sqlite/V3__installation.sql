-- The twin of postgresql/V3__installation.sql (type mapping: see V1__schema.sql).
-- The installation's id: the prefix of every group uuid, so VMs of other Phantom installations in a
-- shared cloud account are never mistaken for this one's orphans. One row, made on first use.
CREATE TABLE installation (
    id           TEXT NOT NULL CHECK (length(id) <= 8),
    created_time INTEGER NOT NULL,
    CONSTRAINT installation_pk PRIMARY KEY (id)
) STRICT;
