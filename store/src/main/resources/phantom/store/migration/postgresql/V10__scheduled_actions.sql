-- Scheduled actions (PutScheduledUpdateGroupAction), keyed by (group, name); the twin of
-- sqlite/V10__scheduled_actions.sql. next_run is when the engine runs the action next (null:
-- it has no run left); the index finds the due ones.
CREATE TABLE scheduled_actions (
    group_id         BIGINT NOT NULL,
    name             VARCHAR(255) NOT NULL,
    uuid             VARCHAR NOT NULL,
    owner            VARCHAR NOT NULL,
    start_time       TIMESTAMP WITH TIME ZONE,
    end_time         TIMESTAMP WITH TIME ZONE,
    recurrence       VARCHAR(255),
    time_zone        VARCHAR(255),
    min_size         INTEGER,
    max_size         INTEGER,
    desired_capacity INTEGER,
    next_run         TIMESTAMP WITH TIME ZONE,
    CONSTRAINT scheduled_actions_pk PRIMARY KEY (group_id, name),
    CONSTRAINT scheduled_actions_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
);
CREATE INDEX scheduled_actions_next_run ON scheduled_actions (next_run);
