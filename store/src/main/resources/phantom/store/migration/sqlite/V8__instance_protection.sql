-- The twin of postgresql/V8__instance_protection.sql. Scale-in protection is a fact of each
-- instance (SetInstanceProtection, or the group's NewInstancesProtectedFromScaleIn when the VM is
-- launched); existing instances are unprotected.
ALTER TABLE instances ADD COLUMN protected_from_scale_in INTEGER NOT NULL DEFAULT 0
    CHECK (protected_from_scale_in IN (0, 1));
