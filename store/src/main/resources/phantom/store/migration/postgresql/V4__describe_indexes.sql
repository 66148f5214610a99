-- The Describe actions filter and page in SQL (docs/decisions.md, "Scale: the API"); these indexes
-- serve each of their lookup paths, so a page costs what it returns rather than what the user owns.
-- Pages are in code point order on both databases: the store compares and sorts page keys with
-- COLLATE "C", so the indexes that serve those orders carry it too (the unique and primary keys
-- use the database's collation, which may differ).
-- DescribeAutoScalingGroups and DescribeTags: the owner's groups by name
CREATE INDEX scaling_groups_owner_name_c ON scaling_groups (owner, name COLLATE "C");
-- DescribeLaunchConfigurations
CREATE INDEX launch_configurations_owner_name_c ON launch_configurations (owner, name COLLATE "C");
-- DescribeAutoScalingInstances, in cloud id order (the instances of a page of groups use instances_group)
CREATE INDEX instances_cloud_id_c ON instances (cloud_id COLLATE "C");
-- tag filters (tag-key, tag-value, tag:KEY; DescribeTags' key and value)
CREATE INDEX group_tags_key_value ON group_tags (tag_key, tag_value);
-- DescribeScalingActivities, of one group or of all, newest first then by id
DROP INDEX scaling_activities_owner_group;
CREATE INDEX scaling_activities_owner_group ON scaling_activities (owner, group_name, start_time DESC, id COLLATE "C");
CREATE INDEX scaling_activities_owner_start ON scaling_activities (owner, start_time DESC, id COLLATE "C");
