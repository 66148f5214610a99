import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AlreadyExistsException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingInstanceDetails;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LaunchConfiguration;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/**
 * The typical Phantom flow (README.md, "A first session") through the AWS SDK for Java v2, run by clients/run as a
 * single-file program with the settings of ../flowcheck.py in the environment. One line per check:
 * "PASS label: check" or "FAIL label: check: why".
 */
public class Flow {
    static final String ENDPOINT = env("PHANTOM_ENDPOINT", "http://127.0.0.1:8445");
    static final String PROFILE = env("PHANTOM_PROFILE", "default");
    static final String LABEL = env("PHANTOM_LABEL", "java");
    static final double WAIT = Double.parseDouble(env("PHANTOM_WAIT", "30"));
    static final String GROUP = "web-" + LABEL;
    static final String USER_DATA = "#!/bin/sh\necho 'hello from phantom' > /tmp/hello\n";
    static final String CLOUDS = "hotel:2,sierra:-1";
    static final List<String> LIVE = List.of("Pending", "InService");
    /** CR, CRLF, a tab and a character outside the BMP: must come back byte for byte (as ../flowcheck.py ODD). */
    static final String ODD = "cr\r crlf\r\n tab\t rocket \uD83D\uDE80";

    // --- the README snippet ---
    static final AutoScalingClient asg = AutoScalingClient.builder()
            .endpointOverride(URI.create(ENDPOINT))
            .region(Region.US_EAST_1)
            .credentialsProvider(ProfileCredentialsProvider.create(PROFILE))
            .build();
    // ---

    static int passed;
    static int failed;

    public static void main(String[] args) {
        check("create launch configurations web@hotel and web@sierra", () -> {
            for (String site : List.of("hotel", "sierra")) {
                asg.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami-1").instanceType("m1.small")
                        .userData(Base64.getEncoder().encodeToString(USER_DATA.getBytes(StandardCharsets.UTF_8))));
            }
            return null;
        });
        check("describe launch configurations: image, type, user data round-trip", () -> {
            List<LaunchConfiguration> lcs = asg.describeLaunchConfigurations(r -> r.launchConfigurationNames("web@hotel", "web@sierra"))
                    .launchConfigurations();
            expectEq(lcs.stream().map(LaunchConfiguration::launchConfigurationName).sorted().toList(), List.of("web@hotel", "web@sierra"), "names");
            for (LaunchConfiguration lc : lcs) {
                expectEq(List.of(lc.imageId(), lc.instanceType()), List.of("ami-1", "m1.small"), "image and type");
                expectEq(new String(Base64.getDecoder().decode(lc.userData()), StandardCharsets.UTF_8), USER_DATA, "user data");
                expect(lc.createdTime() != null, "CreatedTime");
            }
            return null;
        });
        check("duplicate launch configuration -> AlreadyExists (400)", () -> {
            AwsServiceException e = errorOf(() -> asg.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel")
                    .imageId("ami-1").instanceType("m1.small")));
            expect(e instanceof AlreadyExistsException, "exception " + e.getClass().getSimpleName());
            expectEq(List.of(e.awsErrorDetails().errorCode(), e.statusCode()), List.of("AlreadyExists", 400), "error");
            return null;
        });
        check("create group with the Phantom tags", () -> asg.createAutoScalingGroup(r -> r.autoScalingGroupName(GROUP)
                .launchConfigurationName("web").minSize(3).maxSize(3)
                .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", CLOUDS), tag("n_preserve", "3"))));
        check("describe group: sizes, launch configuration, tags", () -> {
            AutoScalingGroup g = group();
            expectEq(List.of(g.minSize(), g.maxSize(), g.desiredCapacity()), List.of(3, 3, 3), "min, max, desired");
            expectEq(g.launchConfigurationName().split("@")[0], "web", "launch configuration family");
            Map<String, String> tags = g.tags().stream().collect(Collectors.toMap(TagDescription::key, TagDescription::value));
            expectEq(List.of(tags.get("PHANTOM_DEFINITION"), tags.get("clouds"), tags.get("n_preserve")),
                    List.of("error_overflow_n_preserving", CLOUDS, "3"), "tags");
            return null;
        });
        List<Instance> found = check("3 instances: 2 on hotel, 1 on sierra, Healthy, Pending/InService", () -> {
            List<Instance> list = waitFor(Map.of("hotel", 2, "sierra", 1));
            expectEq(list.stream().map(Instance::instanceId).filter(id -> id != null && !id.isEmpty()).distinct().count(), 3L, "distinct instance ids");
            for (Instance i : list) {
                expect(LIVE.contains(i.lifecycleStateAsString()), "LifecycleState " + i.lifecycleStateAsString());
                expectEq(i.healthStatus(), "Healthy", "HealthStatus");
            }
            return list;
        });
        check("describe auto scaling instances lists them with the group", () -> {
            expect(found != null, "no instances to look for");
            Map<String, AutoScalingInstanceDetails> listed = asg.describeAutoScalingInstances().autoScalingInstances().stream()
                    .collect(Collectors.toMap(AutoScalingInstanceDetails::instanceId, d -> d));
            for (Instance i : found) {
                AutoScalingInstanceDetails d = listed.get(i.instanceId());
                expect(d != null, "instance " + i.instanceId() + " listed");
                expectEq(List.of(d.autoScalingGroupName(), d.availabilityZone()), List.of(GROUP, i.availabilityZone()), "group and site of " + i.instanceId());
                expectEq(d.healthStatus(), "HEALTHY", "HealthStatus (upper case here, as AWS)");
            }
            return null;
        });
        check("set desired capacity 5 -> 2 on hotel, 3 on sierra", () -> scaleTo(5, Map.of("hotel", 2, "sierra", 3)));
        List<Instance> last = check("set desired capacity 1 -> 1 on hotel", () -> scaleTo(1, Map.of("hotel", 1)));
        String victim = last == null ? null : last.get(0).instanceId();
        check("terminate an instance without decrement -> activity", () -> {
            expect(victim != null, "no instance to terminate");
            Activity a = asg.terminateInstanceInAutoScalingGroup(r -> r.instanceId(victim).shouldDecrementDesiredCapacity(false)).activity();
            expect(a.activityId() != null && !a.activityId().isEmpty(), "ActivityId");
            expectEq(a.autoScalingGroupName(), GROUP, "AutoScalingGroupName");
            expect(a.description() != null && a.description().contains(victim), "Description " + a.description() + " names " + victim);
            expect(a.cause() != null && !a.cause().isEmpty(), "Cause");
            expect(a.startTime() != null && a.startTime().isAfter(Instant.parse("2020-01-01T00:00:00Z")), "StartTime " + a.startTime());
            expect(List.of("InProgress", "Successful", "PreInService", "WaitingForInstanceId").contains(a.statusCodeAsString()),
                    "StatusCode " + a.statusCodeAsString());
            return null;
        });
        check("a replacement instance takes its place", () -> {
            expect(victim != null, "no instance was terminated");
            List<Instance> list = waitUntil(Flow::instances, l -> l.size() == 1 && !l.get(0).instanceId().equals(victim)
                    && LIVE.contains(l.get(0).lifecycleStateAsString()), "replacement for " + victim, Flow::show);
            expectEq(list.get(0).availabilityZone(), "hotel", "site of the replacement");
            expectEq(group().desiredCapacity(), 1, "DesiredCapacity after terminate without decrement");
            return null;
        });
        check("describe scaling activities", () -> {
            expect(victim != null, "no instance was terminated");
            List<Activity> acts = asg.describeScalingActivities(r -> r.autoScalingGroupName(GROUP)).activities();
            expect(acts.size() >= 2, "at least 2 activities, got " + acts.size());
            for (Activity a : acts) {
                expectEq(a.autoScalingGroupName(), GROUP, "activity group");
                expect(a.activityId() != null && a.cause() != null && a.statusCode() != null, "activity fields " + a);
            }
            expect(acts.stream().anyMatch(a -> a.description() != null && a.description().contains(String.valueOf(victim))), "an activity names " + victim);
            return null;
        });
        check("describe tags: n_preserve = desired capacity", () -> {
            List<TagDescription> tags = asg.describeTags(r -> r.filters(Filter.builder().name("auto-scaling-group").values(GROUP).build())).tags();
            Map<String, String> values = tags.stream().collect(Collectors.toMap(TagDescription::key, TagDescription::value));
            expectEq(List.of(String.valueOf(values.get("n_preserve")), String.valueOf(values.get("clouds"))), List.of("1", CLOUDS), "n_preserve and clouds");
            expect(tags.stream().allMatch(t -> GROUP.equals(t.resourceId()) && "auto-scaling-group".equals(t.resourceType())), "resource");
            return null;
        });
        check("delete group (force) -> gone", () -> {
            asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName(GROUP).forceDelete(true));
            return waitUntil(() -> asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups(), List::isEmpty,
                    "deletion of " + GROUP);
        });
        check("delete launch configurations -> gone", () -> {
            for (String name : List.of("web@hotel", "web@sierra")) asg.deleteLaunchConfiguration(r -> r.launchConfigurationName(name));
            expectEq(asg.describeLaunchConfigurations(r -> r.launchConfigurationNames("web@hotel", "web@sierra")).launchConfigurations(),
                    List.of(), "launch configurations left");
            return null;
        });
        check("CR, CRLF, tab, non-BMP text round-trips in names, tags and user data", () -> {
            String lcName = "lc " + ODD + "@hotel";
            String name = "g " + ODD + LABEL;
            String key = "k " + ODD;
            String value = "v " + ODD;
            String data = "#!/bin/sh\r\n" + ODD; // sent as given (not base64), so the XML carries the CRs
            asg.createLaunchConfiguration(r -> r.launchConfigurationName(lcName).imageId("ami-1").instanceType("m1.small").userData(data));
            asg.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName(lcName).minSize(0).maxSize(0)
                    .tags(tag(key, value)));
            LaunchConfiguration lc = asg.describeLaunchConfigurations(r -> r.launchConfigurationNames(lcName)).launchConfigurations().get(0);
            expectEq(lc.launchConfigurationName(), lcName, "launch configuration name");
            expectEq(lc.userData(), data, "user data");
            AutoScalingGroup g = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups().get(0);
            expectEq(g.autoScalingGroupName(), name, "group name");
            expectEq(g.launchConfigurationName(), lcName, "the group's launch configuration name");
            expectEq(g.tags().stream().filter(t -> t.key().equals(key)).map(t -> List.of(t.key(), t.value())).toList(),
                    List.of(List.of(key, value)), "tag");
            asg.deleteAutoScalingGroup(r -> r.autoScalingGroupName(g.autoScalingGroupName()).forceDelete(true));
            waitUntil(() -> asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name)).autoScalingGroups(), List::isEmpty,
                    "deletion of the group");
            asg.deleteLaunchConfiguration(r -> r.launchConfigurationName(lc.launchConfigurationName()));
            expectEq(asg.describeLaunchConfigurations(r -> r.launchConfigurationNames(lcName)).launchConfigurations(), List.of(),
                    "launch configuration deleted by its described name");
            return null;
        });
        check("wrong secret -> SignatureDoesNotMatch (403)", () -> {
            String keyId = ProfileCredentialsProvider.create(PROFILE).resolveCredentials().accessKeyId();
            try (AutoScalingClient wrong = AutoScalingClient.builder().endpointOverride(URI.create(ENDPOINT)).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(keyId, "not-the-secret"))).build()) {
                AwsServiceException e = errorOf(wrong::describeAutoScalingGroups);
                expectEq(List.of(e.awsErrorDetails().errorCode(), e.statusCode()), List.of("SignatureDoesNotMatch", 403), "error");
            }
            return null;
        });
        asg.close();
        System.exit(failed == 0 ? 0 : 1);
    }

    static Tag tag(String key, String value) {
        return Tag.builder().key(key).value(value).build();
    }

    static AutoScalingGroup group() {
        List<AutoScalingGroup> groups = asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(GROUP)).autoScalingGroups();
        expectEq(groups.size(), 1, "groups named " + GROUP);
        return groups.get(0);
    }

    static List<Instance> instances() {
        return group().instances();
    }

    static Map<String, Integer> bySite(List<Instance> instances) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Instance i : instances) counts.merge(i.availabilityZone(), 1, Integer::sum);
        return counts;
    }

    static String show(List<Instance> list) {
        String s = list.stream().map(i -> i.instanceId() + "/" + i.availabilityZone() + "/" + i.lifecycleStateAsString() + "/" + i.healthStatus())
                .collect(Collectors.joining(" "));
        return s.isEmpty() ? "none" : s;
    }

    static List<Instance> waitFor(Map<String, Integer> sites) {
        return waitUntil(Flow::instances, l -> bySite(l).equals(new TreeMap<>(sites)), "instances " + new TreeMap<>(sites), Flow::show);
    }

    static List<Instance> scaleTo(int n, Map<String, Integer> sites) {
        asg.setDesiredCapacity(r -> r.autoScalingGroupName(GROUP).desiredCapacity(n));
        AutoScalingGroup g = group();
        expectEq(g.desiredCapacity(), n, "DesiredCapacity");
        expect(g.minSize() <= n && n <= g.maxSize(), "min " + g.minSize() + " <= " + n + " <= max " + g.maxSize());
        return waitFor(sites);
    }

    static AwsServiceException errorOf(Runnable call) {
        try {
            call.run();
        } catch (AwsServiceException e) {
            return e;
        }
        throw new Mismatch("the call succeeded");
    }

    static <T> T waitUntil(Supplier<T> observe, Predicate<T> done, String what) {
        return waitUntil(observe, done, what, String::valueOf);
    }

    static <T> T waitUntil(Supplier<T> observe, Predicate<T> done, String what, Function<T, String> show) {
        long deadline = System.nanoTime() + (long) (WAIT * 1e9);
        while (true) {
            T value = observe.get();
            if (done.test(value)) return value;
            if (System.nanoTime() > deadline) throw new Mismatch("no " + what + " within " + WAIT + " s; last seen: " + show.apply(value));
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Mismatch("interrupted");
            }
        }
    }

    static <T> T check(String name, Supplier<T> step) {
        try {
            T result = step.get();
            passed++;
            System.out.println("PASS " + LABEL + ": " + name);
            return result;
        } catch (RuntimeException e) {
            failed++;
            String why = e instanceof Mismatch ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
            System.out.println("FAIL " + LABEL + ": " + name + ": " + String.valueOf(why).replaceAll("\\s+", " "));
            return null;
        }
    }

    static void expect(boolean condition, String message) {
        if (!condition) throw new Mismatch(message);
    }

    static void expectEq(Object actual, Object expected, String what) {
        if (!Objects.equals(actual, expected)) throw new Mismatch(what + ": expected " + expected + ", got " + actual);
    }

    static String env(String name, String otherwise) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? otherwise : v;
    }

    static final class Mismatch extends RuntimeException {
        Mismatch(String message) {
            super(message);
        }
    }
}
