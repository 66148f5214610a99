package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.CreateAutoScalingGroupResponse;

/**
 * The packaged server's management listener: /healthz, /readyz and /metrics answer there (and not on
 * the API listener), the metrics move with what the engine and the API do, and the JSON log carries
 * each request's id and says what changed.
 */
class ManagementTest {
    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(URI base, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The value of one series in the Prometheus text, e.g. {@code phantom_launches_total{outcome="success",site="hotel"}}. */
    static Double value(String metrics, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : null;
    }

    /** Polls /metrics until {@code ok} holds (at most 30 s) and returns that scrape. */
    private String metricsUntil(URI management, String what, Predicate<String> ok) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = get(management, "/metrics").body();
            if (ok.test(last)) return last;
            Thread.sleep(100);
        }
        throw new AssertionError("no scrape showed " + what + " within 30 s; the last:\n" + last);
    }

    private static void awaitListening(int port) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (true) {
            try (java.net.Socket ignored = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (java.io.IOException notYet) {
                if (System.nanoTime() > deadline) throw new AssertionError("the management listener on port " + port + " did not open");
                Thread.sleep(20);
            }
        }
    }

    @Test
    void enable_metrics_collection_publishes_the_groups_series_without_per_group_until_disabled() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        Path config = Files.writeString(dir.resolve("phantom.yaml"), RunningPhantom.yaml(sites, RunningPhantom.TEST_ENGINE));
        Path data = Files.createDirectories(dir.resolve("data"));
        int managementPort = PhantomProcess.freePort();
        URI management = URI.create("http://127.0.0.1:" + managementPort);
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start("--management-listen", "127.0.0.1:" + managementPort);
            awaitListening(managementPort);
            String keys = phantom.run("user", "add", "alice");
            try (AutoScalingClient alice = RunningPhantom.client(phantom.endpoint(), keys)) {
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-1").instanceType("m1.small"));
                alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(1).maxSize(4)
                        .desiredCapacity(2).availabilityZones("hotel"));
                alice.createAutoScalingGroup(r -> r.autoScalingGroupName("quiet").launchConfigurationName("web").minSize(0)
                        .maxSize(1).availabilityZones("hotel"));
                alice.enableMetricsCollection(r -> r.autoScalingGroupName("web").granularity("1Minute")
                        .metrics("GroupDesiredCapacity", "GroupInServiceInstances", "GroupMaxSize", "WarmPoolTotalCapacity"));
                String on = metricsUntil(management, "web's enabled metrics with 2 in service",
                        m -> Double.valueOf(2).equals(value(m, "phantom_group_metric{group=\"alice/web\",metric=\"GroupInServiceInstances\"}")));
                assertThat(value(on, "phantom_group_metric{group=\"alice/web\",metric=\"GroupDesiredCapacity\"}")).isEqualTo(2.0);
                assertThat(value(on, "phantom_group_metric{group=\"alice/web\",metric=\"GroupMaxSize\"}")).isEqualTo(4.0);
                assertThat(on).as("no warm pool, no other metric, no other group, no per_group series")
                        .doesNotContain("WarmPoolTotalCapacity").doesNotContain("GroupMinSize")
                        .doesNotContain("group=\"alice/quiet\"").doesNotContain("phantom_group_desired{");
                alice.disableMetricsCollection(r -> r.autoScalingGroupName("web"));
                metricsUntil(management, "no phantom_group_metric series after the disable",
                        m -> !m.contains("phantom_group_metric{"));
            }
        }
    }

    @Test
    void health_readiness_and_metrics_are_served_on_the_management_listener_and_move_with_the_engine() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of()));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of()));
        sites.put("foxtrot", RunningPhantom.sim("foxtrot", Map.of("capacity", 1)));
        String yaml = RunningPhantom.yaml(sites, RunningPhantom.TEST_ENGINE)
                + "metrics: {per_group: true}\nlogging: {format: json, levels: {phantom.reconcile.Resync: DEBUG}}\n";
        Path config = Files.writeString(dir.resolve("phantom.yaml"), yaml);
        Path data = Files.createDirectories(dir.resolve("data"));
        int managementPort = PhantomProcess.freePort();
        URI management = URI.create("http://127.0.0.1:" + managementPort);
        try (PhantomProcess phantom = new PhantomProcess(config, data)) {
            phantom.start("--management-listen", "127.0.0.1:" + managementPort);
            // start() returns once the API listens; the management listener opens just after it
            awaitListening(managementPort);

            HttpResponse<String> healthz = get(management, "/healthz");
            assertThat(healthz.statusCode()).isEqualTo(200);
            assertThat(healthz.body()).isEqualTo("ok\n");
            HttpResponse<String> readyz = get(management, "/readyz");
            assertThat(readyz.statusCode()).as(readyz.body()).isEqualTo(200);
            assertThat(get(management, "/nothing").statusCode()).isEqualTo(404);

            for (String path : new String[] {"/metrics", "/healthz", "/readyz"}) {
                HttpResponse<String> api = get(phantom.endpoint(), path);
                assertThat(api.statusCode()).as("the API listener does not serve " + path).isNotEqualTo(200);
                assertThat(api.body()).doesNotContain("phantom_").contains("<ErrorResponse");
            }

            String before = metricsUntil(management, "the first resync's gauges",
                    m -> value(m, "phantom_site_backoff{site=\"hotel\"}") != null);
            assertThat(get(management, "/metrics").headers().firstValue("content-type").orElse(""))
                    .startsWith("text/plain; version=0.0.4");
            assertThat(value(before, "phantom_launches_total{outcome=\"success\",site=\"hotel\"}")).isNull();
            assertThat(value(before, "phantom_site_backoff{site=\"hotel\"}")).isEqualTo(0.0);
            assertThat(before).as("JVM and Jetty metrics").contains("jvm_memory_used_bytes{").contains("jvm_threads_live_threads")
                    .contains("jetty_threads_busy").contains("jetty_connections_");

            String keys = phantom.run("user", "add", "alice");
            try (AutoScalingClient alice = RunningPhantom.client(phantom.endpoint(), keys)) {
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-1").instanceType("m1.small"));
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@sierra").imageId("ami-1").instanceType("m1.small"));
                CreateAutoScalingGroupResponse created = alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web")
                        .launchConfigurationName("web").minSize(5).maxSize(5)
                        .tags(GroupApiTest.tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"),
                                GroupApiTest.tag("clouds", "hotel:3,sierra:-1"), GroupApiTest.tag("n_preserve", "5")));
                String requestId = created.responseMetadata().requestId();
                // a second group on a cloud with room for one VM: its second launch fails, the cloud backs off
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("small@foxtrot").imageId("ami-1").instanceType("m1.small"));
                alice.createAutoScalingGroup(r -> r.autoScalingGroupName("full").launchConfigurationName("small")
                        .minSize(2).maxSize(2).tags(GroupApiTest.tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"),
                                GroupApiTest.tag("clouds", "foxtrot:-1"), GroupApiTest.tag("n_preserve", "2")));

                // the group gauges come from the resync, which follows the watchers' site gauges by up to its interval
                String after = metricsUntil(management, "5 VMs running, 3 on hotel and 2 on sierra, and a resync since",
                        m -> Double.valueOf(3).equals(value(m, "phantom_site_instances{site=\"hotel\",state=\"running\"}"))
                                && Double.valueOf(2).equals(value(m, "phantom_site_instances{site=\"sierra\",state=\"running\"}"))
                                && Double.valueOf(1).equals(value(m, "phantom_site_backoff{site=\"foxtrot\"}"))
                                && Double.valueOf(5).equals(value(m, "phantom_group_in_service{group=\"alice/web\"}"))
                                && Double.valueOf(1).equals(value(m, "phantom_group_in_service{group=\"alice/full\"}")));
                assertThat(value(after, "phantom_launches_total{outcome=\"success\",site=\"hotel\"}")).isEqualTo(3.0);
                assertThat(value(after, "phantom_launches_total{outcome=\"success\",site=\"sierra\"}")).isEqualTo(2.0);
                assertThat(value(after, "phantom_launches_total{outcome=\"capacity\",site=\"foxtrot\"}")).isGreaterThanOrEqualTo(1.0);
                assertThat(value(after, "phantom_site_backoff{site=\"hotel\"}")).isEqualTo(0.0);
                assertThat(value(after, "phantom_group_shortfall")).as("alice/full has 1 of 2").isEqualTo(1.0);
                assertThat(value(after, "phantom_groups")).isEqualTo(2.0);
                assertThat(value(after, "phantom_group_desired{group=\"alice/full\"}")).isEqualTo(2.0);
                assertThat(value(after, "phantom_group_in_service{group=\"alice/full\"}")).isEqualTo(1.0);
                assertThat(value(after, "phantom_group_desired{group=\"alice/web\"}")).isEqualTo(5.0);
                assertThat(value(after, "phantom_group_in_service{group=\"alice/web\"}")).isEqualTo(5.0);
                assertThat(value(after, "phantom_api_requests_total{action=\"CreateAutoScalingGroup\",code=\"200\"}")).isEqualTo(2.0);
                assertThat(value(after, "phantom_api_requests_total{action=\"CreateLaunchConfiguration\",code=\"200\"}")).isEqualTo(3.0);
                assertThat(value(after, "phantom_api_request_seconds_count{action=\"CreateAutoScalingGroup\"}")).isEqualTo(2.0);
                assertThat(value(after, "phantom_cloud_call_seconds_count{operation=\"launch\",outcome=\"success\",site=\"hotel\"}"))
                        .isEqualTo(3.0);
                assertThat(value(after, "phantom_reconcile_pass_seconds_count")).isGreaterThanOrEqualTo(1.0);
                assertThat(value(after, "phantom_reconcile_queue_depth{queue=\"changes\"}")).isNotNull();
                assertThat(value(after, "phantom_reconcile_resync_age_seconds")).isLessThan(30.0);
                assertThat(after).doesNotContain("i-0").as("no per-instance label");

                alice.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(3));
                String shrunk = metricsUntil(management, "two terminations on sierra",
                        m -> Double.valueOf(2).equals(value(m, "phantom_terminations_total{reason=\"scale_in\",site=\"sierra\"}")));
                assertThat(value(shrunk, "phantom_terminations_total{reason=\"scale_in\",site=\"hotel\"}")).isNull();

                String log = phantom.output();
                String line = log.lines().filter(l -> l.contains("\"logger\":\"phantom.api.requests\"")
                        && l.contains("CreateAutoScalingGroup")).findFirst().orElseThrow(() -> new AssertionError(log));
                assertThat(line).startsWith("{\"time\":\"").contains("\"request_id\":\"" + requestId + "\"")
                        .contains("alice CreateAutoScalingGroup -> 200");
                assertThat(log).contains("alice/web: launched 3 VMs on hotel").contains("alice/web: launched 2 VMs on sierra")
                        .contains("alice/web: 2 launches overflow hotel -> sierra: hotel is full (cap 3)")
                        .contains("alice/web: terminated 2 VMs on sierra (scale in)")
                        .containsPattern("alice/full: 1 launch on foxtrot failed: .*InsufficientInstanceCapacity")
                        .containsPattern("alice/full: foxtrot backs off until \\S+ after 1 failure in a row: CAPACITY InsufficientInstanceCapacity")
                        .contains("\"level\":\"DEBUG\",\"logger\":\"phantom.reconcile.Resync\"");
            }
            assertThat(get(management, "/readyz").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void a_configured_management_address_that_is_taken_stops_the_start_and_none_turns_it_off() throws Exception {
        Path config = Files.writeString(dir.resolve("phantom.yaml"), RunningPhantom.yaml(
                Map.of("hotel", RunningPhantom.sim("hotel", Map.of())), RunningPhantom.TEST_ENGINE));
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                PhantomProcess phantom = new PhantomProcess(config, Files.createDirectories(dir.resolve("a")))) {
            PhantomProcess.Outcome o = phantom.exec("serve", "--listen", "127.0.0.1:" + PhantomProcess.freePort(),
                    "--management-listen", "127.0.0.1:" + taken.getLocalPort());
            assertThat(o.exitCode()).isEqualTo(2);
            assertThat(o.output()).contains("phantom: cannot listen on 127.0.0.1:" + taken.getLocalPort() + " for management")
                    .contains("--management-listen");
        }
        try (PhantomProcess phantom = new PhantomProcess(config, Files.createDirectories(dir.resolve("b")))) {
            phantom.start("--management-listen", "none");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!phantom.output().contains("Phantom is serving") && System.nanoTime() < deadline) Thread.sleep(50);
            assertThat(phantom.output()).contains("Phantom listening on").doesNotContain("management on")
                    .doesNotContain("for management");
        }
    }
}
