-- Standby is a fact of each instance (EnterStandby until ExitStandby): the VM runs and stays in
-- its group but does not count toward the desired count; existing instances are in service.
ALTER TABLE instances ADD COLUMN standby BOOLEAN NOT NULL DEFAULT FALSE;
