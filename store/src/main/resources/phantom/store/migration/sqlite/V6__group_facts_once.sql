-- The twin of postgresql/V6__group_facts_once.sql: each fact of a group is stored once.
--   * clouds: from line-encoded entries to the clouds tag's own form, site:max,site:max (the only
--     escape to undo is \\, a backslash: no site name holds a newline or a comma);
--   * availability_zones: dropped, the group derives them from its cloud list;
--   * the values of n_preserve, minimum_vms and clouds: emptied, the group shows desired_capacity
--     and its cloud list there.
UPDATE scaling_groups SET clouds = replace(rtrim(replace(clouds, char(10), ','), ','), '\\', '\');
ALTER TABLE scaling_groups DROP COLUMN availability_zones;
UPDATE group_tags SET tag_value = '' WHERE tag_key IN ('n_preserve', 'minimum_vms', 'clouds');
