package phantom.api.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.groups.Limits;
import phantom.core.group.SiteCatalog;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;
import phantom.store.Database;
import phantom.store.TestDatabases;

/**
 * Each Describe request runs the same number of SQL statements whether its user has 3 groups or
 * 120 (counted by the store, not timed): filters and pages are in SQL, and a page's tags and
 * instances are read in one statement each.
 */
class DescribeStatementsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T14:36:28.123Z");
    private static final List<List<String>> REQUESTS = List.of(
            List.of("DescribeAutoScalingGroups"),
            List.of("DescribeAutoScalingGroups", "MaxRecords", "100"),
            List.of("DescribeAutoScalingGroups", "AutoScalingGroupNames.member.1", "g0001"),
            List.of("DescribeAutoScalingGroups", "Filters.member.1.Name", "tag:team", "Filters.member.1.Values.member.1", "red"),
            List.of("DescribeAutoScalingInstances"),
            List.of("DescribeAutoScalingInstances", "InstanceIds.member.1", "i-0001-1"),
            List.of("DescribeLaunchConfigurations"),
            List.of("DescribeTags", "Filters.member.1.Name", "key", "Filters.member.1.Values.member.1", "team"),
            List.of("DescribeScalingActivities"),
            List.of("DescribeScalingActivities", "AutoScalingGroupName", "g0001", "IncludeDeletedGroups", "true"));

    @TempDir
    Path dir;

    @Test
    void describe_requests_take_as_many_statements_for_3_groups_as_for_120() {
        Map<String, Long> few = statements(dir.resolve("few"), 3);
        Map<String, Long> many = statements(dir.resolve("many"), 120);
        assertThat(many).isEqualTo(few);
        // groups, their tags, their suspended processes and enabled metrics (one statement), their instances
        assertThat(few.get(String.join(" ", REQUESTS.get(1)))).isEqualTo(4);
        assertThat(few.values()).allMatch(n -> n >= 1 && n <= 4);
    }

    private static Map<String, Long> statements(Path dataDir, int groups) {
        try (Database db = TestDatabases.embedded(dataDir)) {
            SiteCatalog sites = new SiteCatalog() {
                @Override
                public List<String> names() {
                    return List.of("hotel");
                }

                @Override
                public List<String> missingCredentials(String owner, String site) {
                    return List.of();
                }
            };
            ActionContext ctx = ActionContext.of(db, sites, Clock.fixed(T0, ZoneOffset.UTC), new Limits(1000, 1000, 1000), id -> {},
                    "0000abcd");
            Map<String, Action> actions = Actions.all(ctx).stream().collect(Collectors.toMap(Action::name, Function.identity()));
            call(actions, "CreateLaunchConfiguration", "LaunchConfigurationName", "web", "ImageId", "ami-1", "InstanceType", "m1.small");
            for (int g = 0; g < groups; g++) {
                call(actions, "CreateAutoScalingGroup", "AutoScalingGroupName", String.format("g%04d", g), "LaunchConfigurationName", "web",
                        "MinSize", "2", "MaxSize", "2", "AvailabilityZones.member.1", "hotel",
                        "Tags.member.1.Key", "team", "Tags.member.1.Value", g % 2 == 0 ? "red" : "blue");
            }
            db.transaction(tx -> {
                for (int g = 0; g < groups; g++) {
                    Group group = tx.groups().get("alice", String.format("g%04d", g)).orElseThrow();
                    for (int i = 0; i < 2; i++) {
                        String id = String.format("i-%04d-%d", g, i);
                        tx.instances().insert(new Instance("pht-" + id, group.id(), "hotel", id, InstanceState.RUNNING, true, null,
                                "web", "m1.small", "ami-1", T0, T0));
                        tx.activities().insert(new ScalingActivity("act-" + id, group.id(), "alice", group.name(), "Launching",
                                "cause", T0.plusSeconds(i), T0, ActivityStatus.Successful, null, 100, null));
                    }
                }
                return null;
            });
            Map<String, Long> counts = new LinkedHashMap<>();
            for (List<String> r : REQUESTS) {
                long before = db.statements();
                String body = call(actions, r.get(0), r.subList(1, r.size()).toArray(String[]::new));
                assertThat(body).contains("<" + r.get(0) + "Result>");
                counts.put(String.join(" ", r), db.statements() - before);
            }
            return counts;
        }
    }

    private static String call(Map<String, Action> actions, String action, String... nameValues) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", action);
        p.put("Version", "2011-01-01");
        for (int i = 0; i < nameValues.length; i += 2) p.put(nameValues[i], nameValues[i + 1]);
        return new String(XmlWriter.bytes(actions.get(action).handle("alice", QueryParams.of(p), "r")), java.nio.charset.StandardCharsets.UTF_8);
    }
}
