-- The twin of postgresql/V4__describe_indexes.sql (type mapping: see V1__schema.sql).
-- The Describe actions filter and page in SQL (docs/decisions.md, "Scale: the API"); these indexes
-- serve each of their lookup paths, so a page costs what it returns rather than what the user owns.
-- SQLite compares text by its UTF-8 bytes (code point order), the order the pages are in, so the
-- existing unique and primary keys already serve:
--   DescribeAutoScalingGroups     scaling_groups (owner, name)            scaling_groups_owner_name_unique
--                                 instances of a page (group_id)          instances_group
--                                 tags of a page (group_id, ordinal)      group_tags_pk
--   DescribeLaunchConfigurations  launch_configurations (owner, name)     launch_configurations_pk
--   DescribeAutoScalingInstances  instances (cloud_id)                    instances_cloud_id
-- and these are new:
-- tag filters (tag-key, tag-value, tag:KEY; DescribeTags' key and value)
CREATE INDEX group_tags_key_value ON group_tags (tag_key, tag_value);
-- DescribeScalingActivities, of one group or of all, newest first then by id
DROP INDEX scaling_activities_owner_group;
CREATE INDEX scaling_activities_owner_group ON scaling_activities (owner, group_name, start_time DESC, id);
CREATE INDEX scaling_activities_owner_start ON scaling_activities (owner, start_time DESC, id);
