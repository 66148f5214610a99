package phantom.store;

import java.nio.file.Path;

/** The two databases every store test runs on. */
enum Engine {
    SQLITE {
        @Override
        DatabaseConfig newDatabase(Path dir) {
            return DatabaseConfig.embedded(dir);
        }
    },
    POSTGRESQL {
        @Override
        DatabaseConfig newDatabase(Path dir) {
            return TestDatabases.postgresConfig();
        }
    };

    /** Where a new, empty database of this engine is ({@code dir} is an empty scratch directory). */
    abstract DatabaseConfig newDatabase(Path dir);
}
