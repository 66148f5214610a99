-- The processes suspended for a group (SuspendProcesses) and the metrics enabled for it
-- (EnableMetricsCollection), one row each, read with the group and deleted with it.
CREATE TABLE suspended_processes (
    group_id          INTEGER NOT NULL,
    process_name      TEXT NOT NULL CHECK (length(process_name) <= 64),
    suspension_reason TEXT NOT NULL CHECK (length(suspension_reason) <= 255),
    CONSTRAINT suspended_processes_pk PRIMARY KEY (group_id, process_name),
    CONSTRAINT suspended_processes_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
) STRICT;

CREATE TABLE enabled_metrics (
    group_id    INTEGER NOT NULL,
    metric      TEXT NOT NULL CHECK (length(metric) <= 64),
    granularity TEXT NOT NULL CHECK (length(granularity) <= 16),
    CONSTRAINT enabled_metrics_pk PRIMARY KEY (group_id, metric),
    CONSTRAINT enabled_metrics_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
) STRICT;
