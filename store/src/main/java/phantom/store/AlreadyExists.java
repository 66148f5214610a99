package phantom.store;

/** An insert found a row with the same unique key (name, access key, owner + name, id). */
public final class AlreadyExists extends StoreException {
    public AlreadyExists(String message) {
        super(message);
    }

    public AlreadyExists(String message, Throwable cause) {
        super(message, cause);
    }
}
