-- Several Phantom nodes on one PostgreSQL (docs/cluster.md). Every time in these tables is the
-- database's own now(), never a node's clock.
--
-- A node's row: made when it starts, its heartbeat renewed every second, deleted when it stops.
CREATE TABLE cluster_nodes (
    node_id      VARCHAR(300) NOT NULL,
    address      VARCHAR(300) NOT NULL,
    started_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    heartbeat_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT cluster_nodes_pk PRIMARY KEY (node_id)
);

-- One row per shard of groups (a group's shard is a hash of its uuid, see ShardMap). The holder
-- reconciles the shard's groups while expires_at is ahead of now(); epoch grows by one at every
-- claim, and every intent write checks the epoch its writer holds (fencing). The rows are made by
-- the first node that starts (ClusterRows.ensureShards), as many as ShardMap.COUNT says.
CREATE TABLE shard_leases (
    shard       INTEGER NOT NULL,
    holder      VARCHAR(300),
    epoch       BIGINT NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE,
    acquired_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT shard_leases_pk PRIMARY KEY (shard)
);
