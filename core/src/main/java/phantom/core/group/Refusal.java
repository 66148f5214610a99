package phantom.core.group;

/**
 * A request the group rules refuse, with the AWS error code and a message that says what to fix.
 * Nothing was changed. The API answers it as that AWS error (one mapping, in {@code phantom.api});
 * the console shows the message.
 */
public final class Refusal extends RuntimeException {
    /** The AWS Auto Scaling error codes the rules answer with (each a client error, 400). */
    public enum Code {
        VALIDATION_ERROR("ValidationError"),
        ALREADY_EXISTS("AlreadyExists"),
        LIMIT_EXCEEDED("LimitExceeded"),
        /** A scaling change asked to honour a cooldown while an activity runs or the cooldown lasts. */
        SCALING_ACTIVITY_IN_PROGRESS("ScalingActivityInProgress"),
        /** A write lost its race for a group too often; 400, not the 500 of AWS's model: the caller may retry (docs/decisions.md). */
        RESOURCE_CONTENTION("ResourceContention");

        private final String aws;

        Code(String aws) {
            this.aws = aws;
        }

        /** The code as AWS writes it in an {@code <ErrorResponse>}. */
        public String aws() {
            return aws;
        }
    }

    private final Code code;

    public Refusal(Code code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public Code code() {
        return code;
    }

    public static Refusal validation(String message) {
        return new Refusal(Code.VALIDATION_ERROR, message);
    }

    public static Refusal alreadyExists(String message) {
        return new Refusal(Code.ALREADY_EXISTS, message);
    }

    public static Refusal limitExceeded(String message) {
        return new Refusal(Code.LIMIT_EXCEEDED, message);
    }

    public static Refusal scalingActivityInProgress(String message) {
        return new Refusal(Code.SCALING_ACTIVITY_IN_PROGRESS, message);
    }

    public static Refusal resourceContention(String message) {
        return new Refusal(Code.RESOURCE_CONTENTION, message);
    }

    /** A ValidationError in the AWS framework's form for a constraint on one parameter. */
    public static Refusal constraint(String value, String member, String constraint) {
        return validation(constraintMessage(value, member, constraint));
    }

    /** The AWS framework's message for a constraint violation on one parameter (a long value is cut at 64 characters). */
    public static String constraintMessage(String value, String member, String constraint) {
        String shown = value == null ? "null"
                : value.codePointCount(0, value.length()) > 64 ? value.substring(0, value.offsetByCodePoints(0, 64)) + "..." : value;
        return "1 validation error detected: Value '" + shown + "' at '" + member + "' failed to satisfy constraint: " + constraint;
    }
}
