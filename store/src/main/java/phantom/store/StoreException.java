package phantom.store;

/**
 * A store operation failed: the database is unreachable, a constraint was violated, a stored
 * value could not be read back. The message says what and where; the cause is the JDBC error.
 */
public class StoreException extends RuntimeException {
    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
