-- Each fact of a group is stored once (docs/decisions.md, "Groups: one home for the rules").
--   * The cloud list is the clouds column alone, written as the clouds tag writes it
--     (site:max,site:max, most preferred first) instead of line-encoded entries; no site name
--     holds a newline or a comma (the configuration refuses them), so a backslash, escaped as
--     \\ in the line encoding, is the only escape to undo.
--   * availability_zones were always the cloud list's sites: the group derives them.
--   * The tags that show a field of the group keep their rows (key, order, PropagateAtLaunch) but
--     no value: n_preserve and minimum_vms show desired_capacity, clouds shows the clouds column.
--     Every write kept those values equal to the columns (a group being deleted kept its last
--     count in n_preserve while desired_capacity went to 0; it now shows 0).
UPDATE scaling_groups SET clouds = replace(rtrim(replace(clouds, chr(10), ','), ','), '\\', '\');
ALTER TABLE scaling_groups DROP COLUMN availability_zones;
UPDATE group_tags SET tag_value = '' WHERE tag_key IN ('n_preserve', 'minimum_vms', 'clouds');
