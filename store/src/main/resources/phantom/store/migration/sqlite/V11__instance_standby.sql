-- The twin of postgresql/V11__instance_standby.sql. Standby is a fact of each instance
-- (EnterStandby until ExitStandby): the VM runs and stays in its group but does not count toward
-- the desired count; existing instances are in service.
ALTER TABLE instances ADD COLUMN standby INTEGER NOT NULL DEFAULT 0
    CHECK (standby IN (0, 1));
