package phantom.core.group;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A scheduled action's Recurrence: a Unix cron expression (five fields: minute, hour, day of month,
 * month, day of week) read in an IANA time zone (UTC when none is given), as AWS takes it. Parsing
 * and the next run are cron-utils' (docs/decisions.md, Scheduled actions); pure.
 */
public final class Recurrence {
    private static final CronParser UNIX = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final String expression;
    private final ZoneId zone;
    private final ExecutionTime times;

    private Recurrence(String expression, ZoneId zone, ExecutionTime times) {
        this.expression = expression;
        this.zone = zone;
        this.times = times;
    }

    /**
     * The recurrence {@code expression} in {@code timeZone} (null: UTC).
     *
     * @throws Refusal a ValidationError for an expression that is not five-field cron or an unknown zone
     */
    public static Recurrence of(String expression, String timeZone) {
        ZoneId zone = zone(timeZone);
        Cron cron;
        try {
            if (expression.isBlank() || expression.trim().split("\\s+").length != 5) throw new IllegalArgumentException("not 5 fields");
            cron = UNIX.parse(expression.trim()).validate();
        } catch (IllegalArgumentException e) {
            throw Refusal.validation("Given recurrence is not a valid cron expression: '" + expression
                    + "' (five fields: minute, hour, day of month, month, day of week).");
        }
        return new Recurrence(expression, zone, ExecutionTime.forCron(cron));
    }

    /**
     * The zone named {@code timeZone}, UTC when it is null.
     *
     * @throws Refusal a ValidationError for a name that is not an IANA time zone
     */
    public static ZoneId zone(String timeZone) {
        if (timeZone == null) return ZoneOffset.UTC;
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            throw Refusal.validation("Invalid time zone: '" + timeZone + "'. Give an IANA time zone name, such as"
                    + " Etc/GMT+9 or America/New_York.");
        }
    }

    /** The first time strictly after {@code t} that the expression names, in its zone; empty if none. */
    public Optional<Instant> after(Instant t) {
        return times.nextExecution(ZonedDateTime.ofInstant(t, zone)).map(ZonedDateTime::toInstant);
    }

    public String expression() {
        return expression;
    }

    public ZoneId zone() {
        return zone;
    }
}
