-- Scheduled actions (PutScheduledUpdateGroupAction), keyed by (group, name); the twin of
-- postgresql/V10__scheduled_actions.sql. next_run is when the engine runs the action next (null:
-- it has no run left); the index finds the due ones.
CREATE TABLE scheduled_actions (
    group_id         INTEGER NOT NULL,
    name             TEXT NOT NULL CHECK (length(name) <= 255),
    uuid             TEXT NOT NULL,
    owner            TEXT NOT NULL,
    start_time       INTEGER,
    end_time         INTEGER,
    recurrence       TEXT CHECK (length(recurrence) <= 255),
    time_zone        TEXT CHECK (length(time_zone) <= 255),
    min_size         INTEGER,
    max_size         INTEGER,
    desired_capacity INTEGER,
    next_run         INTEGER,
    CONSTRAINT scheduled_actions_pk PRIMARY KEY (group_id, name),
    CONSTRAINT scheduled_actions_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
) STRICT;
CREATE INDEX scheduled_actions_next_run ON scheduled_actions (next_run);
