package phantom.store;

/**
 * There is no Phantom database where a command looked, and the command does not make one (only
 * {@code phantom serve} does). The message names the file or database.
 */
public final class NoDatabase extends StoreException {
    NoDatabase(String message) {
        super(message);
    }
}
