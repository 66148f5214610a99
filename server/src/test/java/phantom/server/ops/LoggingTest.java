package phantom.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The logging settings act on the real logback: levels per package, text with the request's id,
 * JSON lines, and folding of identical lines.
 */
class LoggingTest {
    private final PrintStream err = System.err;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private String logged(Logging.Settings settings, Runnable logs) {
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Logging.apply(settings); // the console appender takes System.err as it is now
            logs.run();
        } finally {
            System.setErr(err);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @AfterEach
    void back() {
        MDC.clear();
        Logging.apply(Logging.Settings.DEFAULT);
    }

    @Test
    void logback_is_the_binding_and_starts_with_phantoms_defaults() {
        assertThat(LoggerFactory.getILoggerFactory()).isInstanceOf(LoggerContext.class);
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(ctx.getLogger("org.eclipse.jetty").getLevel()).isEqualTo(Level.WARN);
        assertThat(ctx.getLogger("phantom.reconcile").getEffectiveLevel()).isEqualTo(Level.INFO);
    }

    @Test
    void levels_per_package_turn_debug_on_where_asked_and_only_there() {
        String text = logged(new Logging.Settings(false, Map.of("phantom.reconcile", "DEBUG", "phantom.api", "WARN")), () -> {
            LoggerFactory.getLogger("phantom.reconcile.Resync").debug("resync: 3 groups checked");
            LoggerFactory.getLogger("phantom.store.Database").debug("store detail");
            LoggerFactory.getLogger("phantom.api.requests").info("alice DescribeAutoScalingGroups -> 200");
            LoggerFactory.getLogger("phantom.api.ApiEndpoint").warn("a warning");
        });
        assertThat(text).contains("DEBUG Resync - resync: 3 groups checked").contains("WARN  ApiEndpoint - a warning")
                .doesNotContain("store detail").doesNotContain("DescribeAutoScalingGroups");
    }

    @Test
    void a_text_line_names_the_request_it_was_logged_for() {
        String text = logged(Logging.Settings.DEFAULT, () -> {
            Logger log = LoggerFactory.getLogger("phantom.api.ApiEndpoint");
            MDC.put("request_id", "5d2c-77");
            log.error("request failed", new IllegalStateException("boom"));
            MDC.remove("request_id");
            log.info("outside any request");
        });
        assertThat(text).containsPattern("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\+0000 ERROR ApiEndpoint \\[request 5d2c-77\\]"
                + " - request failed")
                .contains("java.lang.IllegalStateException: boom")
                .contains("INFO  ApiEndpoint - outside any request");
    }

    @Test
    void json_gives_one_object_per_line_with_the_request_id() {
        String text = logged(new Logging.Settings(true, Map.of()), () -> {
            MDC.put("request_id", "r-1");
            LoggerFactory.getLogger("phantom.api.requests").info("alice \"quoted\" CreateAutoScalingGroup -> 200");
            MDC.clear();
            LoggerFactory.getLogger("phantom.reconcile.Actuator").warn("line\nbreak", new RuntimeException("x"));
        });
        String[] lines = text.split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).startsWith("{\"time\":\"").endsWith("}")
                .contains("\"level\":\"INFO\",\"logger\":\"phantom.api.requests\"")
                .contains("\"message\":\"alice \\\"quoted\\\" CreateAutoScalingGroup -> 200\"")
                .contains("\"request_id\":\"r-1\"");
        assertThat(lines[1]).contains("\"message\":\"line\\nbreak\"").contains("\"error\":\"java.lang.RuntimeException: x\\n")
                .doesNotContain("\"request_id\"");
    }

    @Test
    void identical_lines_are_folded_and_the_summary_counts_them() {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        System.setErr(new PrintStream(out, true, StandardCharsets.UTF_8));
        try {
            Logging.install(ctx, Logging.Settings.DEFAULT, nanos::get);
            Logger log = LoggerFactory.getLogger("phantom.reconcile.SiteWatcher");
            for (int k = 0; k < 8; k++) log.warn("watching {} failed: {}", "hotel", "AuthFailure");
            log.warn("watching {} failed: {}", "sierra", "AuthFailure");
            Logger requests = LoggerFactory.getLogger(phantom.api.ApiEndpoint.REQUEST_LOG);
            for (int k = 0; k < 3; k++) requests.info("alice SetDesiredCapacity -> 200 in 3 ms");
            RepeatFolding folding = (RepeatFolding) ctx.getTurboFilterList().get(0);
            folding.flush();
            assertThat(out.toString(StandardCharsets.UTF_8)).as("not before the window ends").doesNotContain("repeated");
            nanos.set(RepeatFolding.WINDOW.toNanos());
            folding.flush(); // what its thread does every 2 s
        } finally {
            System.setErr(err);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text.lines().filter(l -> l.contains("watching hotel failed: AuthFailure"))).hasSize(2);
        assertThat(text.lines().filter(l -> l.contains("watching sierra failed: AuthFailure"))).hasSize(1);
        assertThat(text.lines().filter(l -> l.contains("alice SetDesiredCapacity -> 200 in 3 ms")))
                .as("every request's line, identical or not").hasSize(3);
        assertThat(text).contains("WARN  SiteWatcher - watching hotel failed: AuthFailure (repeated 7 times in the last 60 s)");
    }

    @Test
    void json_strings_escape_quotes_backslashes_and_control_characters() {
        StringBuilder b = new StringBuilder();
        JsonLines.quote(b, "a\"b\\c\td\u0001e\u2028f é");
        assertThat(b.toString()).isEqualTo("\"a\\\"b\\\\c\\td\\u0001e\\u2028f é\"");
    }
}
