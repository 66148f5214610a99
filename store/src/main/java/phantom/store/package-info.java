/**
 * Phantom's durable store: JDBC repositories over the embedded SQLite database or PostgreSQL, with
 * one schema written twice (Flyway migrations in {@code phantom/store/migration/sqlite} and
 * {@code .../postgresql}, table for table and column for column), held to the same behaviour by
 * every store test, which runs on both.
 *
 * <p>Use: {@code Database db = Database.open(config)} (for {@code serve}; it makes the database) or
 * {@link phantom.store.Database#openExisting} (for the other commands), then
 * {@code db.transaction(tx -> tx.groups().insert(g))} or {@code db.read(tx -> tx.users().all())}.
 * Repositories ({@link phantom.store.Users}, {@link phantom.store.Groups}, ...) exist only inside a
 * {@link phantom.store.Tx}.
 *
 * <p>What every repository guarantees:
 * <ul>
 *   <li>Records come back equal to what was stored, except that every {@link java.time.Instant}
 *       is truncated to milliseconds on write (the precision the AWS API shows). What a group
 *       derives is not stored ({@link phantom.store.GroupRow}); a cloud list that would not read
 *       back the same (a site name with a comma) is refused with {@link phantom.store.StoreException}.
 *   <li>Any valid Unicode string round-trips; a string with NUL (U+0000) or an unpaired surrogate
 *       is refused with {@link java.lang.IllegalArgumentException} on both databases (PostgreSQL
 *       cannot store them). Names and ids that are keys take up to 512 characters of any kind
 *       on both; other text is unbounded.
 *   <li>Lists are sorted in Java ({@link java.lang.String#compareTo} order, the same on both
 *       databases, whatever the PostgreSQL collation).
 *   <li>Inserts of a duplicate key throw {@link phantom.store.AlreadyExists} without spoiling
 *       the transaction (the caller may catch it and go on); group updates are optimistic and
 *       throw {@link phantom.store.ConcurrentUpdate}.
 *   <li>Transactions run at READ COMMITTED on PostgreSQL; on SQLite a process's writing
 *       transactions run one at a time. Serialization failures, deadlocks and a lock another
 *       process held too long are retried by re-running the whole work.
 * </ul>
 */
package phantom.store;
