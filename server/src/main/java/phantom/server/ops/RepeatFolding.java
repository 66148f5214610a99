package phantom.server.ops;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;
import org.slf4j.Marker;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MessageFormatter;
import phantom.api.ApiEndpoint;

/**
 * Logback's side of {@link RepeatFolder}: lines at INFO and above that repeat within the window
 * are dropped and counted, and a summary line ("... (repeated 7 times in the last 60 s)") is
 * written when the window ends (checked every few seconds on a daemon thread). DEBUG and TRACE
 * lines are never folded: who turns them on wants every one; nor are the API's request lines
 * ({@link ApiEndpoint#REQUEST_LOG}), one per request, which an audit needs all of.
 */
final class RepeatFolding extends TurboFilter {
    static final Duration WINDOW = Duration.ofSeconds(60);
    private static final long CHECK_MILLIS = 2_000;

    /** What makes two lines identical. */
    record Line(String logger, Level level, String message, String error) {
    }

    private final RepeatFolder<Line> folder;
    private final LoggerContext context;
    private ScheduledExecutorService flusher;

    RepeatFolding(LoggerContext context, RepeatFolder<Line> folder) {
        this.context = context;
        this.folder = folder;
        setName("repeat-folding");
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (format == null || level.toInt() < Level.INFO_INT || !level.isGreaterOrEqual(logger.getEffectiveLevel())
                || logger.getName().equals(ApiEndpoint.REQUEST_LOG)) {
            return FilterReply.NEUTRAL;
        }
        FormattingTuple ft = MessageFormatter.arrayFormat(format, params);
        Throwable error = t != null ? t : ft.getThrowable();
        Line line = new Line(logger.getName(), level, ft.getMessage(), error == null ? null : error.toString());
        return folder.admit(line) ? FilterReply.NEUTRAL : FilterReply.DENY;
    }

    /** Writes the summaries that are due, straight to the appenders (past this filter). */
    void flush() {
        for (RepeatFolder.Summary<Line> s : folder.due()) {
            Line l = s.key();
            Logger logger = context.getLogger(l.logger());
            String text = l.message() + RepeatFolder.note(s.repeats(), s.over())
                    + (l.error() == null ? "" : ": " + l.error());
            LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, l.level(), text, null, null);
            Map<String, String> none = Map.of();
            e.setMDCPropertyMap(none);
            logger.callAppenders(e);
        }
    }

    @Override
    public void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread th = new Thread(r, "log-repeat-folding");
            th.setDaemon(true);
            return th;
        });
        flusher.scheduleWithFixedDelay(() -> {
            try {
                MDC.clear();
                flush();
            } catch (RuntimeException e) {
                // never let a logging problem stop the summaries
            }
        }, CHECK_MILLIS, CHECK_MILLIS, TimeUnit.MILLISECONDS);
        super.start();
    }

    @Override
    public void stop() {
        if (flusher != null) flusher.shutdownNow();
        super.stop();
    }
}
