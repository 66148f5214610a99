package phantom.api.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.api.ApiError;
import phantom.groups.Limits;
import phantom.core.group.SiteCatalog;
import phantom.api.query.QueryParams;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.store.Database;
import phantom.store.TestDatabases;

/**
 * Byte-for-byte answers of every action to one fixed scenario (fixed inputs, clock, request ids and
 * store rows), against the files in {@code src/test/resources/golden/}. The files were written by the
 * XML writer and queries that came before the streaming writer and the SQL paging, so this test
 * proves both kept the output identical. The only bytes not fixed by the inputs are the random uuids
 * Phantom makes (launch configuration uuids, group uuid tails, activity ids of terminations); each is
 * replaced by {@code uuid-N} in order of first appearance before comparing.
 *
 * <p>Run with {@code -Dgolden.write=true} to write the files afresh (only when an output change is
 * meant; review the diff).
 */
class GoldenResponsesTest {
    private static final Path DIR = Path.of("src/test/resources/golden");
    private static final Instant T0 = Instant.parse("2026-11-24T14:36:28.123Z");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    private static final SiteCatalog SITES = new SiteCatalog() {
        @Override
        public List<String> names() {
            return List.of("hotel", "sierra");
        }

        @Override
        public List<String> missingCredentials(String owner, String site) {
            return List.of();
        }
    };

    @TempDir
    Path dir;

    private final Map<String, String> uuids = new HashMap<>();
    private final List<String> produced = new ArrayList<>();
    private Map<String, Action> actions;
    private int step;

    @Test
    void every_action_answers_byte_for_byte_as_before() throws IOException {
        try (Database db = TestDatabases.embedded(dir)) {
            ActionContext ctx = ActionContext.of(db, SITES, Clock.fixed(T0, ZoneOffset.UTC), Limits.DEFAULT, id -> {}, "0000abcd");
            actions = Actions.all(ctx).stream().collect(Collectors.toMap(Action::name, Function.identity()));
            scenario(db);
        }
        boolean write = Boolean.getBoolean("golden.write");
        List<String> mismatched = new ArrayList<>();
        for (String entry : produced) {
            String name = entry.substring(0, entry.indexOf('\n'));
            String body = entry.substring(name.length() + 1);
            Path file = DIR.resolve(name + ".xml");
            if (write) {
                Files.createDirectories(DIR);
                Files.writeString(file, body, StandardCharsets.UTF_8);
            } else if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(body)) {
                mismatched.add(name + (Files.exists(file) ? "" : " (no golden file)") + ":\n" + body);
            }
        }
        assertThat(produced).hasSizeGreaterThan(40);
        assertThat(mismatched).isEmpty();
        try (var files = Files.list(DIR)) {
            assertThat(files.count()).as("golden files without a step").isEqualTo(produced.size());
        }
    }

    private void scenario(Database db) {
        call("CreateLaunchConfiguration", "LaunchConfigurationName", "web@hotel", "ImageId", "ami-1", "InstanceType", "m1.small",
                "KeyName", "key <&> \"1\"", "UserData", "IyEvYmluL3NoCmVjaG8gaGkK", "SecurityGroups.member.1", "sg-1",
                "SecurityGroups.member.2", "sg-é\uD83D\uDE80", "BlockDeviceMappings.member.1.DeviceName", "/dev/sda1",
                "BlockDeviceMappings.member.1.Ebs.VolumeSize", "20", "BlockDeviceMappings.member.1.Ebs.DeleteOnTermination", "true",
                "BlockDeviceMappings.member.2.DeviceName", "/dev/sdb", "BlockDeviceMappings.member.2.VirtualName", "ephemeral0",
                "MetadataOptions.HttpTokens", "required", "MetadataOptions.HttpPutResponseHopLimit", "2",
                "InstanceMonitoring.Enabled", "false", "EbsOptimized", "true");
        call("CreateLaunchConfiguration", "LaunchConfigurationName", "web@sierra", "ImageId", "ami-2", "InstanceType", "m1.large");
        call("CreateLaunchConfiguration", "LaunchConfigurationName", "plain", "ImageId", "ami-3", "InstanceType", "t2.micro");
        call("CreateLaunchConfiguration", "LaunchConfigurationName", "web@hotel", "ImageId", "ami-1");
        call("CreateAutoScalingGroup", "AutoScalingGroupName", "web", "LaunchConfigurationName", "web", "MinSize", "3", "MaxSize", "3",
                "Tags.member.1.Key", "PHANTOM_DEFINITION", "Tags.member.1.Value", "error_overflow_n_preserving",
                "Tags.member.2.Key", "clouds", "Tags.member.2.Value", "hotel:2,sierra:-1",
                "Tags.member.3.Key", "n_preserve", "Tags.member.3.Value", "3",
                "Tags.member.4.Key", "team", "Tags.member.4.Value", "a\r\nb <c> & d", "Tags.member.4.PropagateAtLaunch", "true");
        call("CreateAutoScalingGroup", "AutoScalingGroupName", "Zeta", "LaunchConfigurationName", "plain", "MinSize", "0",
                "MaxSize", "4", "DesiredCapacity", "1", "AvailabilityZones.member.1", "hotel", "VPCZoneIdentifier", "subnet-1",
                "TerminationPolicies.member.1", "OldestInstance", "Tags.member.1.Key", "team", "Tags.member.1.Value", "x");
        call("CreateAutoScalingGroup", "AutoScalingGroupName", "api-é", "LaunchConfigurationName", "plain", "MinSize", "0",
                "MaxSize", "2", "AvailabilityZones.member.1", "sierra");
        call("CreateAutoScalingGroup", "AutoScalingGroupName", "web", "LaunchConfigurationName", "plain", "MinSize", "0", "MaxSize", "1",
                "AvailabilityZones.member.1", "hotel");
        call("CreateAutoScalingGroup", "AutoScalingGroupName", "bad", "LaunchConfigurationName", "plain", "MinSize", "3", "MaxSize", "1",
                "AvailabilityZones.member.1", "hotel");
        call("CreateOrUpdateTags", "Tags.member.1.ResourceId", "Zeta", "Tags.member.1.ResourceType", "auto-scaling-group",
                "Tags.member.1.Key", "env", "Tags.member.1.Value", "prod", "Tags.member.1.PropagateAtLaunch", "false");
        call("DeleteTags", "Tags.member.1.ResourceId", "Zeta", "Tags.member.1.ResourceType", "auto-scaling-group",
                "Tags.member.1.Key", "team");
        rows(db);

        call("DescribeAutoScalingGroups");
        call("DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "web");
        call("DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "web", "AutoScalingGroupNames.member.2", "nope",
                "AutoScalingGroupNames.member.3", "Zeta", "IncludeInstances", "false");
        call("DescribeAutoScalingGroups", "Filters.member.1.Name", "tag-key", "Filters.member.1.Values.member.1", "env");
        call("DescribeAutoScalingGroups", "Filters.member.1.Name", "tag:team", "Filters.member.1.Values.member.1", "a\r\nb <c> & d",
                "Filters.member.2.Name", "tag-value", "Filters.member.2.Values.member.1", "3");
        call("DescribeAutoScalingGroups", "Filters.member.1.Name", "tag-value");
        call("DescribeAutoScalingGroups", "Filters.member.1.Name", "instance-id", "Filters.member.1.Values.member.1", "x");
        String next = call("DescribeAutoScalingGroups", "MaxRecords", "1");
        next = call("DescribeAutoScalingGroups", "MaxRecords", "1", "NextToken", next);
        call("DescribeAutoScalingGroups", "MaxRecords", "1", "NextToken", next);
        call("DescribeAutoScalingGroups", "MaxRecords", "2", "NextToken", next);
        call("DescribeAutoScalingGroups", "NextToken", "not-a-token");
        call("DescribeAutoScalingGroups", "MaxRecords", "101");

        call("DescribeAutoScalingInstances");
        call("DescribeAutoScalingInstances", "InstanceIds.member.1", "i-00000002", "InstanceIds.member.2", "pht-0003",
                "InstanceIds.member.3", "i-missing");
        next = call("DescribeAutoScalingInstances", "MaxRecords", "2");
        call("DescribeAutoScalingInstances", "MaxRecords", "2", "NextToken", next);
        call("DescribeAutoScalingInstances", "MaxRecords", "51");

        call("DescribeLaunchConfigurations");
        call("DescribeLaunchConfigurations", "LaunchConfigurationNames.member.1", "plain", "LaunchConfigurationNames.member.2", "nope");
        next = call("DescribeLaunchConfigurations", "MaxRecords", "2");
        call("DescribeLaunchConfigurations", "MaxRecords", "2", "NextToken", next);

        call("DescribeTags");
        call("DescribeTags", "Filters.member.1.Name", "auto-scaling-group", "Filters.member.1.Values.member.1", "web",
                "Filters.member.2.Name", "propagate-at-launch", "Filters.member.2.Values.member.1", "TRUE");
        call("DescribeTags", "Filters.member.1.Name", "key", "Filters.member.1.Values.member.1", "env",
                "Filters.member.1.Values.member.2", "clouds", "Filters.member.2.Name", "value",
                "Filters.member.2.Values.member.1", "prod");
        next = call("DescribeTags", "MaxRecords", "2");
        next = call("DescribeTags", "MaxRecords", "2", "NextToken", next);
        call("DescribeTags", "MaxRecords", "2", "NextToken", next);
        call("DescribeTags", "Filters.member.1.Name", "resource-type", "Filters.member.1.Values.member.1", "x");

        call("DescribeScalingActivities");
        call("DescribeScalingActivities", "AutoScalingGroupName", "web");
        call("DescribeScalingActivities", "ActivityIds.member.1", "act-2", "ActivityIds.member.2", "act-9");
        next = call("DescribeScalingActivities", "MaxRecords", "2");
        call("DescribeScalingActivities", "MaxRecords", "2", "NextToken", next);

        call("DescribeAccountLimits");
        call("SetDesiredCapacity", "AutoScalingGroupName", "Zeta", "DesiredCapacity", "2");
        call("SetDesiredCapacity", "AutoScalingGroupName", "nope", "DesiredCapacity", "2");
        call("SetDesiredCapacity", "AutoScalingGroupName", "Zeta", "DesiredCapacity", "9");
        call("UpdateAutoScalingGroup", "AutoScalingGroupName", "Zeta", "MaxSize", "5", "PlacementGroup", "pg-1");
        call("SetInstanceHealth", "InstanceId", "i-00000002", "HealthStatus", "Unhealthy");
        call("SetInstanceHealth", "InstanceId", "i-00000002", "HealthStatus", "Sick");
        call("TerminateInstanceInAutoScalingGroup", "InstanceId", "i-00000001", "ShouldDecrementDesiredCapacity", "false");
        call("TerminateInstanceInAutoScalingGroup", "InstanceId", "i-gone", "ShouldDecrementDesiredCapacity", "true");
        call("DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "web");
        call("DeleteAutoScalingGroup", "AutoScalingGroupName", "api-é", "ForceDelete", "true");
        call("DescribeScalingActivities", "IncludeDeletedGroups", "true");
        call("DeleteAutoScalingGroup", "AutoScalingGroupName", "Zeta");
        call("DeleteLaunchConfiguration", "LaunchConfigurationName", "web@sierra");
        call("DeleteLaunchConfiguration", "LaunchConfigurationName", "plain");
        call("DescribeLaunchConfigurations");
        call("DescribeAutoScalingGroups");
        call("DescribeAccountLimits");

        call("DescribeAdjustmentTypes");
        call("DescribeAutoScalingNotificationTypes");
        call("DescribeLifecycleHookTypes");
        call("DescribeScalingProcessTypes");
        call("DescribeTerminationPolicyTypes");
        call("DescribeMetricCollectionTypes");
    }

    /** The instances and activities the engine would have written, with fixed ids and times. */
    private static void rows(Database db) {
        db.transaction(tx -> {
            Group web = tx.groups().get("alice", "web").orElseThrow();
            Group zeta = tx.groups().get("alice", "Zeta").orElseThrow();
            Group api = tx.groups().get("alice", "api-é").orElseThrow();
            tx.instances().insert(instance("pht-0001", web, "hotel", "i-00000001", InstanceState.RUNNING, true, 0));
            tx.instances().insert(instance("pht-0002", web, "hotel", "i-00000002", InstanceState.RUNNING, true, 1));
            tx.instances().insert(instance("pht-0003", web, "sierra", "i-00000003", InstanceState.PENDING, true, 2));
            tx.instances().insert(instance("pht-0004", web, "sierra", null, InstanceState.REQUESTED, true, 3));
            tx.instances().insert(instance("pht-0005", web, "hotel", "i-00000005", InstanceState.TERMINATED, false, 4));
            tx.instances().insert(instance("pht-0006", zeta, "hotel", "i-0000000a", InstanceState.RUNNING, false, 5));
            tx.instances().insert(instance("pht-0007", api, "sierra", "i-00000007", InstanceState.TERMINATING, true, 6));
            for (int n = 1; n <= 5; n++) {
                Group g = n <= 3 ? web : n == 4 ? zeta : api;
                tx.activities().insert(new ScalingActivity("act-" + n, g.id(), "alice", g.name(), "Launching a new EC2 instance: i-" + n,
                        "At " + T0 + " a user request\r\ncaused <this> & that.", T0.minusSeconds(10 + n % 3), n == 2 ? null : T0.minusSeconds(1),
                        n == 2 ? ActivityStatus.InProgress : n == 5 ? ActivityStatus.Failed : ActivityStatus.Successful,
                        n == 5 ? "capacity \"error\"" : null, n == 2 ? 50 : 100, "{\"Availability Zone\":\"hotel\"}"));
            }
            return null;
        });
    }

    private static Instance instance(String id, Group g, String site, String cloudId, InstanceState state, boolean healthy, int age) {
        Instant t = T0.minusSeconds(100 - age);
        return new Instance(id, g.id(), site, cloudId, state, healthy, null, g.launchConfigurationName() + "@" + site, "m1.small",
                "ami-1", t, t);
    }

    /** Runs one request as alice and records its body; returns its NextToken, if any. */
    private String call(String action, String... nameValues) {
        step++;
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", action);
        params.put("Version", "2011-01-01");
        for (int i = 0; i < nameValues.length; i += 2) params.put(nameValues[i], nameValues[i + 1]);
        String requestId = "req-" + step;
        byte[] body;
        try {
            body = Bodies.bytes(actions.get(action).handle("alice", QueryParams.of(params), requestId));
        } catch (ApiError e) {
            body = Bodies.error(e, requestId);
        }
        String text = normalized(new String(body, StandardCharsets.UTF_8));
        produced.add(String.format("%02d-%s", step, action) + "\n" + text);
        Matcher m = Pattern.compile("<NextToken>([^<]*)</NextToken>").matcher(text);
        return m.find() ? m.group(1) : null;
    }

    private String normalized(String text) {
        Matcher m = UUID.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, uuids.computeIfAbsent(m.group(), k -> "uuid-" + (uuids.size() + 1)));
        m.appendTail(out);
        return out.toString();
    }
}
