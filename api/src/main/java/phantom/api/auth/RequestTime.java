package phantom.api.auth;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAccessor;

/**
 * The time a request says it was signed, and the checks against the server clock.
 *
 * @param instant the signing time, whole seconds
 * @param basic the same in SigV4's basic ISO-8601 form {@code yyyyMMdd'T'HHmmss'Z'}
 */
record RequestTime(Instant instant, String basic) {
    /** How far a request's time may be from the server clock, either way. */
    static final Duration SKEW = Duration.ofMinutes(15);

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
            .withResolverStyle(ResolverStyle.STRICT).withZone(ZoneOffset.UTC);

    static RequestTime of(Instant instant) {
        Instant seconds = instant.truncatedTo(ChronoUnit.SECONDS);
        return new RequestTime(seconds, BASIC.format(seconds));
    }

    /** Parses an {@code X-Amz-Date} value ({@code 20261124T143809Z}). */
    static RequestTime ofAmzDate(String value) throws AuthFailure {
        try {
            return of(LocalDateTime.parse(value.trim(), BASIC).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw AuthFailure.incompleteSignature("Date must be in ISO-8601 'basic format'. Got '"
                    + AuthFailure.echo(value) + "'. See http://en.wikipedia.org/wiki/ISO_8601");
        }
    }

    /** Parses an HTTP {@code Date} header ({@code Tue, 24 Nov 2026 14:38:09 GMT}). */
    static RequestTime ofHttpDate(String value) throws AuthFailure {
        try {
            return of(ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeException e) {
            throw AuthFailure.incompleteSignature("The Date header must be an RFC 1123 date such as"
                    + " 'Tue, 24 Nov 2026 14:38:09 GMT'. Got '" + AuthFailure.echo(value) + "'.");
        }
    }

    /** Parses a SigV2 {@code Timestamp} or {@code Expires} value; without an offset it is UTC. */
    static RequestTime ofIso8601(String parameter, String value) throws AuthFailure {
        try {
            TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(value.trim(),
                    OffsetDateTime::from, LocalDateTime::from);
            return of(parsed instanceof OffsetDateTime offset ? offset.toInstant()
                    : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC));
        } catch (DateTimeException e) {
            throw AuthFailure.incompleteSignature(parameter + " must be an ISO-8601 date-time such as"
                    + " 2026-11-24T14:38:09Z. Got '" + AuthFailure.echo(value) + "'.");
        }
    }

    /** @throws AuthFailure {@code SignatureDoesNotMatch} if this time is more than {@link #SKEW} from {@code now} */
    void checkSkew(Instant now) throws AuthFailure {
        if (instant.isBefore(now.minus(SKEW))) {
            throw AuthFailure.signatureDoesNotMatch("Signature expired: " + basic + " is now earlier than "
                    + of(now.minus(SKEW)).basic + " (" + of(now).basic + " - 15 min.)");
        }
        checkNotInFuture(now);
    }

    /** @throws AuthFailure {@code SignatureDoesNotMatch} if this time is more than {@link #SKEW} after {@code now} */
    void checkNotInFuture(Instant now) throws AuthFailure {
        if (instant.isAfter(now.plus(SKEW))) {
            throw AuthFailure.signatureDoesNotMatch("Signature not yet current: " + basic + " is still later than "
                    + of(now.plus(SKEW)).basic + " (" + of(now).basic + " + 15 min.)");
        }
    }

    /**
     * A SigV2 {@code Expires} may be at most {@link #SKEW} after {@code now}: a signature that stays
     * valid for longer is a standing key to the account for anyone who sees the URL once.
     *
     * @throws AuthFailure {@code IncompleteSignature} if this time is later than that
     */
    void checkNotTooFarAhead(Instant now, String what) throws AuthFailure {
        if (instant.isAfter(now.plus(SKEW))) {
            throw AuthFailure.incompleteSignature(what + " " + basic + " is more than 15 minutes after the current time "
                    + of(now).basic + "; sign with an " + what + " at most 15 minutes ahead, or with Timestamp.");
        }
    }

    /** @throws AuthFailure {@code RequestExpired} if {@code now} is later than this time plus {@code validFor} */
    void checkNotExpired(Instant now, Duration validFor, String what) throws AuthFailure {
        Instant end = instant.plus(validFor);
        if (now.isAfter(end)) {
            throw AuthFailure.requestExpired("Request has expired: " + what + " " + of(end).basic
                    + " is earlier than the current time " + of(now).basic + ".");
        }
    }
}
