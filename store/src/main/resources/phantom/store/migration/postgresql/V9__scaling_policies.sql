-- Scaling policies (PutScalingPolicy), keyed by their group and name. A policy belongs to its
-- group by id, so a later group of the same name does not inherit it; Groups.delete removes a
-- group's policies (and the foreign key would, too). Null members were not given.
-- step_adjustments is line-encoded (TextList.java), one step a line: "lower upper adjustment",
-- an empty bound when it is unbounded.
CREATE TABLE scaling_policies (
    group_id                  BIGINT NOT NULL,
    owner                     VARCHAR(512) NOT NULL,
    group_name                VARCHAR(512) NOT NULL,
    name                      VARCHAR(512) NOT NULL,
    uuid                      VARCHAR(512) NOT NULL,
    policy_type               VARCHAR(64) NOT NULL,
    adjustment_type           VARCHAR(64) NOT NULL,
    min_adjustment_magnitude  INTEGER,
    scaling_adjustment        INTEGER,
    cooldown                  INTEGER,
    metric_aggregation_type   VARCHAR(32),
    step_adjustments          VARCHAR NOT NULL,
    estimated_instance_warmup INTEGER,
    enabled                   BOOLEAN NOT NULL,
    created_time              TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT scaling_policies_pk PRIMARY KEY (group_id, name),
    CONSTRAINT scaling_policies_uuid_unique UNIQUE (uuid),
    CONSTRAINT scaling_policies_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
);
-- DescribePolicies: the owner's policies, of one group or of all
CREATE INDEX scaling_policies_owner ON scaling_policies (owner, group_name, name);
