package phantom.api.action;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import phantom.api.query.QueryParams;
import phantom.core.group.SiteCatalog;
import phantom.core.model.Group;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;
import phantom.groups.Limits;
import phantom.store.Database;
import phantom.store.DatabaseConfig;
import phantom.store.OldGroupRows;

/**
 * A data directory written before schema V6 (the n_preserve and clouds values stored beside the
 * columns they repeat, the clouds tag as the client spelled it) answers DescribeAutoScalingGroups
 * and DescribeTags after the upgrade with the same tags, and the count and cloud list they show.
 */
class UpgradedGroupsTest {
    private static final Instant T0 = Instant.parse("2026-11-24T14:36:28.123Z");
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

    @Test
    void theTagsOfAnUpgradedGroupAnswerAsBeforeTheUpgrade() {
        DatabaseConfig config = DatabaseConfig.embedded(dir);
        Group web = Group.builder().owner("alice").name("web").uuid("0000abcd-0000-4000-8000-000000000001")
                .launchConfigurationName("web").sizes(3, 3, 3).defaultCooldown(300).healthCheckType("EC2")
                .clouds(List.of(new SitePreference("hotel", 2), new SitePreference("sierra", -1))).phantom(true)
                .terminationPolicies(List.of("Default")).createdTime(T0).build();
        List<Tag> stored = List.of(new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false),
                new Tag("clouds", "hotel:2, sierra:-1", false), new Tag("n_preserve", "3", true), new Tag("team", "red", true));
        try (Database old = OldGroupRows.openOldSchema(config)) {
            old.transaction(tx -> OldGroupRows.insert(tx, web, stored));
        }

        try (Database db = Database.open(config)) {
            Map<String, Action> actions = Actions.all(ActionContext.of(db, SITES, Clock.fixed(T0, ZoneOffset.UTC), Limits.DEFAULT,
                    id -> {}, "0000abcd")).stream().collect(Collectors.toMap(Action::name, Function.identity()));
            String groups = call(actions, "DescribeAutoScalingGroups");
            assertThat(tags(groups)).containsExactly("PHANTOM_DEFINITION=error_overflow_n_preserving", "clouds=hotel:2,sierra:-1",
                    "n_preserve=3", "team=red");
            assertThat(groups).contains("<DesiredCapacity>3</DesiredCapacity>")
                    .contains("<AvailabilityZones><member>hotel</member><member>sierra</member></AvailabilityZones>");
            assertThat(tags(call(actions, "DescribeTags"))).containsExactly("PHANTOM_DEFINITION=error_overflow_n_preserving",
                    "clouds=hotel:2,sierra:-1", "n_preserve=3", "team=red");
            assertThat(tags(call(actions, "DescribeTags", "Filters.member.1.Name", "value", "Filters.member.1.Values.member.1", "3")))
                    .containsExactly("n_preserve=3");
            assertThat(call(actions, "DescribeAutoScalingGroups", "Filters.member.1.Name", "tag:clouds",
                    "Filters.member.1.Values.member.1", "hotel:2,sierra:-1")).contains("<AutoScalingGroupName>web</AutoScalingGroupName>");

            call(actions, "SetDesiredCapacity", "AutoScalingGroupName", "web", "DesiredCapacity", "5");
            assertThat(tags(call(actions, "DescribeTags", "Filters.member.1.Name", "key", "Filters.member.1.Values.member.1",
                    "n_preserve"))).containsExactly("n_preserve=5");
        }
    }

    private static String call(Map<String, Action> actions, String action, String... nameValues) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("Action", action);
        params.put("Version", "2011-01-01");
        for (int i = 0; i < nameValues.length; i += 2) params.put(nameValues[i], nameValues[i + 1]);
        return new String(Bodies.bytes(actions.get(action).handle("alice", QueryParams.of(params), "req")), StandardCharsets.UTF_8);
    }

    /** Key=Value of every tag member of a response, in order. */
    private static List<String> tags(String xml) {
        Matcher m = Pattern.compile("<Key>([^<]*)</Key><Value>([^<]*)</Value>").matcher(xml);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) out.add(m.group(1) + "=" + m.group(2));
        return out;
    }
}
