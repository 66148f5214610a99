package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Tag;

/** {@code phantom status} against the packaged server, reading its embedded database while it serves. */
class StatusCommandTest {

    static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).propagateAtLaunch(false).resourceType("auto-scaling-group").resourceId("web").build();
    }

    @Test
    void showsTheGroupsByCloudsAndWatchesAScaleUp() throws Exception {
        Map<String, SiteConfig> sites = new LinkedHashMap<>();
        sites.put("hotel", RunningPhantom.sim("hotel", Map.of("capacity", 2)));
        sites.put("sierra", RunningPhantom.sim("sierra", Map.of("boot_seconds", 2)));
        try (RunningPhantom phantom = RunningPhantom.start(sites)) {
            AutoScalingClient alice = phantom.client(phantom.user("alice"));
            phantom.user("bob");
            for (String site : sites.keySet()) {
                alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami-1").instanceType("m1.small"));
            }
            alice.createAutoScalingGroup(r -> r.autoScalingGroupName("web").launchConfigurationName("web").minSize(1).maxSize(1)
                    .tags(tag("PHANTOM_DEFINITION", "error_overflow_n_preserving"), tag("clouds", "hotel:-1,sierra:-1"), tag("n_preserve", "1")));
            String first = Eventually.await("status to show web in service", () -> status(phantom),
                    t -> t.lines().anyMatch(l -> l.matches("alice/web +1 +1 +0 +1/- +0/-")));
            assertThat(first.lines().findFirst().orElseThrow()).matches("GROUP +DESIRED +IN SERVICE +PENDING +hotel +sierra");
            assertThat(first).contains("every cloud is ok");
            assertThat(phantom.run("status", "--user", "bob")).isEqualTo("no groups\n");

            // --watch, not on a terminal: a new table each time one changes, while the group scales to 4
            List<String> cmd = command(phantom, "status", "--watch", "--interval", "0.1", "--for", "15");
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process watch = pb.start();
            StringBuffer printed = new StringBuffer();
            CompletableFuture<String> watched = CompletableFuture.supplyAsync(() -> {
                try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(watch.getInputStream()))) {
                    for (String l = in.readLine(); l != null; l = in.readLine()) printed.append(l).append('\n');
                    return printed.toString();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Eventually.await("the watch's first table", printed::toString, t -> t.contains("alice/web "));
            alice.setDesiredCapacity(r -> r.autoScalingGroupName("web").desiredCapacity(4));
            Eventually.await("web to have 4 in service", () -> status(phantom),
                    t -> t.lines().anyMatch(l -> l.matches("alice/web +4 +4 +0 +2/-! +2/-")));
            String out = watched.get(60, TimeUnit.SECONDS);
            assertThat(watch.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(watch.exitValue()).isZero();
            List<String> rows = new ArrayList<>();
            for (String l : out.lines().toList()) if (l.startsWith("alice/web ")) rows.add(l.replaceAll(" +", " "));
            // every table differs from the one before it, and the scale-up shows its progress
            List<String> tables = List.of(out.split("(?m)^-- [0-9:Z]+\n"));
            for (int k = 2; k < tables.size(); k++) assertThat(tables.get(k)).isNotEqualTo(tables.get(k - 1));
            assertThat(rows.get(0)).isEqualTo("alice/web 1 1 0 1/- 0/-");
            assertThat(rows.get(rows.size() - 1)).isEqualTo("alice/web 4 4 0 2/-! 2/-");
            assertThat(rows).anyMatch(r -> r.matches("alice/web 4 2 2 2/-! 0\\+2/-"));
            assertThat(out).contains("alice/web on hotel: backing off until ").contains("InsufficientInstanceCapacity");
            assertThat(out.lines().filter(l -> l.startsWith("-- ")).count()).isEqualTo(out.lines().filter(l -> l.startsWith("GROUP")).count());
            assertThat(out).doesNotContain("\033[");

            // on a terminal it redraws in place: clear and home before each table, whether or not it changed
            if (Files.isExecutable(Path.of("/usr/bin/script"))) {
                java.io.ByteArrayOutputStream shown = new java.io.ByteArrayOutputStream();
                Process tty = TerminalTest.onTerminal(command(phantom, "status", "--watch", "--interval", "0.2", "--for", "1.5"), shown);
                assertThat(tty.waitFor(60, TimeUnit.SECONDS)).isTrue();
                String screen = Eventually.await("the terminal's output", () -> TerminalTest.text(shown), t -> t.contains("every cloud")
                        || t.contains("not ok"));
                assertThat(screen.split("\033\\[H\033\\[2J", -1).length - 1).isGreaterThanOrEqualTo(3);
                assertThat(screen).contains("phantom status at ").contains("alice/web");
            } else if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(TerminalTest.MISSING);
            }
        }
    }

    /** {@code phantom ARGS} on this server's config and data directory, as the distribution's launcher runs it. */
    private static List<String> command(RunningPhantom phantom, String... args) {
        List<String> cmd = new ArrayList<>(List.of(PhantomProcess.distribution().resolve("bin/phantom").toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--config", phantom.dataDir.resolveSibling("phantom.yaml").toString(), "--data-dir", phantom.dataDir.toString()));
        return cmd;
    }

    private static String status(RunningPhantom phantom) {
        try {
            return phantom.run("status");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
