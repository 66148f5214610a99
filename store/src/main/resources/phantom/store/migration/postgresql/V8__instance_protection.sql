-- Scale-in protection is a fact of each instance (SetInstanceProtection, or the group's
-- NewInstancesProtectedFromScaleIn when the VM is launched); existing instances are unprotected.
ALTER TABLE instances ADD COLUMN protected_from_scale_in BOOLEAN NOT NULL DEFAULT FALSE;
