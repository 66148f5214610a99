package phantom.bench.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import phantom.groups.Limits;
import phantom.core.group.SiteCatalog;
import phantom.api.action.Action;
import phantom.api.action.ActionContext;
import phantom.api.action.Actions;
import phantom.api.query.QueryParams;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.store.Database;
import phantom.store.DatabaseConfig;

/**
 * A real embedded (SQLite) store in a temporary directory with one user's groups, made through the
 * API's own actions, and their running instances; the benchmarks call the actions in-process, as
 * the HTTP gateway does after the signature is checked.
 */
final class DescribeFixture implements AutoCloseable {
    static final String OWNER = "alice";
    private static final SiteCatalog SITES = new SiteCatalog() {
        @Override
        public List<String> names() {
            return List.of("hotel", "sierra", "foxtrot");
        }

        @Override
        public List<String> missingCredentials(String owner, String site) {
            return List.of();
        }
    };

    private final Path dir;
    private final Database db;
    private final Map<String, Action> actions;

    /** {@code groups} groups named {@code g0000}, ..., each with {@code instancesEach} running instances. */
    DescribeFixture(int groups, int instancesEach) {
        try {
            dir = Files.createTempDirectory("phantom-jmh");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        db = Database.open(DatabaseConfig.embedded(dir));
        ActionContext ctx = ActionContext.of(db, SITES, Clock.systemUTC(), new Limits(100_000, 100, 1000), id -> {}, "0000beef");
        actions = Actions.all(ctx).stream().collect(Collectors.toMap(Action::name, Function.identity()));
        call("CreateLaunchConfiguration", "LaunchConfigurationName", "web@hotel", "ImageId", "ami-1", "InstanceType", "m1.small");
        call("CreateLaunchConfiguration", "LaunchConfigurationName", "web@sierra", "ImageId", "ami-1", "InstanceType", "m1.small");
        for (int g = 0; g < groups; g++) {
            call("CreateAutoScalingGroup", "AutoScalingGroupName", name(g), "LaunchConfigurationName", "web",
                    "MinSize", String.valueOf(instancesEach), "MaxSize", String.valueOf(instancesEach),
                    "Tags.member.1.Key", "PHANTOM_DEFINITION", "Tags.member.1.Value", "error_overflow_n_preserving",
                    "Tags.member.2.Key", "clouds", "Tags.member.2.Value", "hotel:5,sierra:-1",
                    "Tags.member.3.Key", "n_preserve", "Tags.member.3.Value", String.valueOf(instancesEach),
                    "Tags.member.4.Key", "team", "Tags.member.4.Value", "web & <api> team");
        }
        Instant t = Instant.parse("2026-11-24T14:36:28.123Z");
        db.transaction(tx -> {
            for (int g = 0; g < groups; g++) {
                Group group = tx.groups().get(OWNER, name(g)).orElseThrow();
                for (int i = 0; i < instancesEach; i++) {
                    String site = i < 5 ? "hotel" : "sierra";
                    String id = String.format("pht-%05d-%03d", g, i);
                    tx.instances().insert(new Instance(id, group.id(), site, String.format("i-%08x", g * 1000 + i),
                            InstanceState.RUNNING, true, null, "web@" + site, "m1.small", "ami-1", t.plusMillis(i), t.plusMillis(i)));
                }
            }
            return null;
        });
    }

    static String name(int g) {
        return String.format("g%04d", g);
    }

    static QueryParams params(String action, String... nameValues) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("Action", action);
        p.put("Version", "2011-01-01");
        for (int i = 0; i < nameValues.length; i += 2) p.put(nameValues[i], nameValues[i + 1]);
        return QueryParams.of(p);
    }

    Action action(String name) {
        return actions.get(name);
    }

    Object call(String action, String... nameValues) {
        return actions.get(action).handle(OWNER, params(action, nameValues), "bench");
    }

    @Override
    public void close() {
        db.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
