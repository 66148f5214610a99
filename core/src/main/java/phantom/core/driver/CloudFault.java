package phantom.core.driver;

/**
 * A classified cloud failure. Drivers translate every error of their cloud into one of these, so the
 * engine never guesses from raw exceptions.
 */
public class CloudFault extends Exception {
    private final FaultClass faultClass;
    private final String code;

    /**
     * @param code the cloud's own error code (e.g. {@code InsufficientInstanceCapacity}), shown to users
     */
    public CloudFault(FaultClass faultClass, String code, String message) {
        this(faultClass, code, message, null);
    }

    public CloudFault(FaultClass faultClass, String code, String message, Throwable cause) {
        super(message, cause);
        this.faultClass = faultClass;
        this.code = code;
    }

    public FaultClass faultClass() {
        return faultClass;
    }

    public String code() {
        return code;
    }

    @Override
    public String toString() {
        return faultClass + " " + code + ": " + getMessage();
    }
}
