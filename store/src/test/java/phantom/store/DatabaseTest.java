package phantom.store;

import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Runs every test of a subclass once on SQLite and once on PostgreSQL, each on a new, empty database. */
@ParameterizedClass(name = "{0}")
@EnumSource(Engine.class)
abstract class DatabaseTest {
    @Parameter
    Engine engine;

    @TempDir
    Path dir;

    DatabaseConfig config;
    Database db;

    @BeforeEach
    void openDatabase() {
        config = engine.newDatabase(dir);
        db = Database.open(config);
    }

    @AfterEach
    void closeDatabase() {
        if (db != null) db.close();
    }

    /** Runs {@code work} in a transaction of {@link #db}, for tests whose work returns nothing. */
    void write(Consumer<Tx> work) {
        db.transaction(tx -> {
            work.accept(tx);
            return null;
        });
    }
}
