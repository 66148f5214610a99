package phantom.bench.jmh;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import phantom.api.action.GroupsXml;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.SitePreference;
import phantom.core.model.Tag;

/**
 * The XML of a DescribeAutoScalingGroups response for 100 groups × 10 instances (about 530 kB), as
 * the action writes it, from records already in memory: no store, no HTTP. Reports documents per
 * second and, as the {@code bytes} counter, bytes per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class XmlWriting {
    @Param({"100"})
    public int groups;

    private List<Group> page;
    private List<List<Instance>> instances;

    /** Bytes written; JMH reports an OPERATIONS counter per second, as bytes/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Written {
        public long bytes;

        @Setup(Level.Iteration)
        public void reset() {
            bytes = 0;
        }
    }

    @Setup
    public void setUp() {
        Instant t = Instant.parse("2026-11-24T14:36:28.123Z");
        page = new ArrayList<>();
        instances = new ArrayList<>();
        for (int g = 0; g < groups; g++) {
            List<Tag> tags = List.of(new Tag("PHANTOM_DEFINITION", "error_overflow_n_preserving", false),
                    new Tag("clouds", "hotel:5,sierra:-1", false), new Tag("n_preserve", "10", false),
                    new Tag("team", "web & <api> team", true));
            page.add(Group.builder().id(g + 1).owner("alice").name(String.format("g%04d", g))
                    .uuid(String.format("0000beef-%04d-4000-8000-000000000000", g)).launchConfigurationName("web")
                    .sizes(10, 10, 10).defaultCooldown(300).healthCheckType("EC2")
                    .clouds(List.of(new SitePreference("hotel", 5), new SitePreference("sierra", -1))).phantom(true).tags(tags)
                    .terminationPolicies(List.of("Default")).createdTime(t).version(1).build());
            List<Instance> own = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String site = i < 5 ? "hotel" : "sierra";
                own.add(new Instance(String.format("pht-%05d-%03d", g, i), g + 1, site, String.format("i-%08x", g * 1000 + i),
                        InstanceState.RUNNING, true, null, "web@" + site, "m1.small", "ami-1", t, t));
            }
            instances.add(own);
        }
    }

    @Benchmark
    public ByteBuffer describeGroups(Written written) {
        ByteBuffer body = GroupsXml.describe(page, instances, null, "bench-request-id");
        written.bytes += body.remaining();
        return body;
    }
}
