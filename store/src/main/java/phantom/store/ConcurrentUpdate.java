package phantom.store;

/**
 * An optimistic update found that the row changed (or went away) since it was read: the
 * caller should re-read and decide again.
 */
public final class ConcurrentUpdate extends StoreException {
    public ConcurrentUpdate(String message) {
        super(message);
    }
}
