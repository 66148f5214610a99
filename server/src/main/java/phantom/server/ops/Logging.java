package phantom.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * How Phantom logs (docs/operations.md, "Logs"): to standard error, as text or as one JSON object per
 * line, at INFO unless {@code logging.levels} says otherwise per package, with repeated identical
 * lines folded ({@link RepeatFolding}). The same code sets the defaults when logback starts
 * ({@link LogConfigurator}) and applies the config file's {@code logging:} section once it is read.
 */
public final class Logging {
    /** The level names {@code logging.levels} takes. */
    public static final List<String> LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF");

    /** Libraries that say too much at INFO: WARN unless the config names them. */
    static final Map<String, String> QUIET = Map.of("org.eclipse.jetty", "WARN", "com.zaxxer.hikari", "WARN",
            "org.flywaydb", "WARN");

    /** Text lines: time, level, logger, the request's id when there is one, the message. */
    static final String TEXT_PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSZ} %-5level %logger{0}"
            + "%replace( [request %X{request_id}]){' \\[request \\]', ''} - %msg%n";

    private Logging() {
    }

    /**
     * The {@code logging:} section.
     *
     * @param json one JSON object per line instead of text
     * @param levels level names by logger (package) name, e.g. {@code phantom.reconcile: DEBUG}
     */
    public record Settings(boolean json, Map<String, String> levels) {
        public static final Settings DEFAULT = new Settings(false, Map.of());

        public Settings {
            levels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(levels));
            for (Map.Entry<String, String> e : levels.entrySet()) {
                Objects.requireNonNull(e.getKey(), "logger");
                if (!LEVELS.contains(e.getValue().toUpperCase(Locale.ROOT))) {
                    throw new IllegalArgumentException("level '" + e.getValue() + "' of " + e.getKey() + " is not one of " + LEVELS);
                }
            }
        }
    }

    /** Applies the settings to the running logback, replacing what was there. */
    public static void apply(Settings settings) {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) install(ctx, settings);
    }

    static void install(LoggerContext ctx, Settings settings) {
        install(ctx, settings, System::nanoTime);
    }

    /** @param nanos the folding's clock (monotonic nanoseconds) */
    static synchronized void install(LoggerContext ctx, Settings settings, java.util.function.LongSupplier nanos) {
        ctx.reset(); // stops the previous appender and folding filter
        Encoder<ILoggingEvent> encoder;
        if (settings.json()) {
            encoder = new JsonLines();
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(TEXT_PATTERN);
            encoder = text;
        }
        encoder.setContext(ctx);
        encoder.start();
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder);
        console.start();
        ch.qos.logback.classic.Logger root = ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        Map<String, String> levels = new LinkedHashMap<>(QUIET);
        levels.putAll(settings.levels());
        levels.forEach((name, level) -> ctx.getLogger(name).setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT))));
        RepeatFolding folding = new RepeatFolding(ctx, new RepeatFolder<>(RepeatFolding.WINDOW, nanos));
        folding.setContext(ctx);
        folding.start();
        ctx.addTurboFilter(folding);
    }
}
