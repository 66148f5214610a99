-- The twin of postgresql/V9__scaling_policies.sql (type mapping: see V1__schema.sql).
CREATE TABLE scaling_policies (
    group_id                  INTEGER NOT NULL,
    owner                     TEXT NOT NULL CHECK (length(owner) <= 512),
    group_name                TEXT NOT NULL CHECK (length(group_name) <= 512),
    name                      TEXT NOT NULL CHECK (length(name) <= 512),
    uuid                      TEXT NOT NULL CHECK (length(uuid) <= 512),
    policy_type               TEXT NOT NULL CHECK (length(policy_type) <= 64),
    adjustment_type           TEXT NOT NULL CHECK (length(adjustment_type) <= 64),
    min_adjustment_magnitude  INTEGER,
    scaling_adjustment        INTEGER,
    cooldown                  INTEGER,
    metric_aggregation_type   TEXT CHECK (length(metric_aggregation_type) <= 32),
    step_adjustments          TEXT NOT NULL,
    estimated_instance_warmup INTEGER,
    enabled                   INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    created_time              INTEGER NOT NULL,
    CONSTRAINT scaling_policies_pk PRIMARY KEY (group_id, name),
    CONSTRAINT scaling_policies_uuid_unique UNIQUE (uuid),
    CONSTRAINT scaling_policies_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX scaling_policies_owner ON scaling_policies (owner, group_name, name);
