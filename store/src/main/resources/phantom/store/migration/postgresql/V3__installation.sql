-- The installation's id: the prefix of every group uuid, so VMs of other Phantom installations in a
-- shared cloud account are never mistaken for this one's orphans. One row, made on first use.
CREATE TABLE installation (
    id           VARCHAR(8) NOT NULL,
    created_time TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT installation_pk PRIMARY KEY (id)
);
