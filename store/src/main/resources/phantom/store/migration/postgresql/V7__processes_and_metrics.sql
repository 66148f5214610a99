-- The processes suspended for a group (SuspendProcesses) and the metrics enabled for it
-- (EnableMetricsCollection), one row each, read with the group and deleted with it.
CREATE TABLE suspended_processes (
    group_id          BIGINT NOT NULL,
    process_name      VARCHAR(64) NOT NULL,
    suspension_reason VARCHAR(255) NOT NULL,
    CONSTRAINT suspended_processes_pk PRIMARY KEY (group_id, process_name),
    CONSTRAINT suspended_processes_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
);

CREATE TABLE enabled_metrics (
    group_id    BIGINT NOT NULL,
    metric      VARCHAR(64) NOT NULL,
    granularity VARCHAR(16) NOT NULL,
    CONSTRAINT enabled_metrics_pk PRIMARY KEY (group_id, metric),
    CONSTRAINT enabled_metrics_group_fk FOREIGN KEY (group_id) REFERENCES scaling_groups (id) ON DELETE CASCADE
);
