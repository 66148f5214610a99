package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import phantom.store.DatabaseConfig;

/** What the start-up banner and every store message say about the database ({@link DatabaseConfig#describe}). */
class DatabaseDescriptionTest {
    @Test
    void the_embedded_database_is_named_by_its_file() {
        Path dir = Path.of("/srv/phantom-data");
        String label = DatabaseConfig.embedded(dir).describe();
        assertThat(label).startsWith("embedded ").contains("/srv/phantom-data/phantom").doesNotContain("jdbc:").doesNotContain(";");
    }

    @Test
    void a_server_database_shows_its_url_and_user_but_never_a_password() {
        assertThat(new DatabaseConfig("jdbc:postgresql://db.example.org:5432/phantom", "phantom", "s3cret").describe())
                .isEqualTo("PostgreSQL jdbc:postgresql://db.example.org:5432/phantom (user phantom)");
        assertThat(new DatabaseConfig("jdbc:postgresql://db:5432/phantom?user=p&password=s3cret&ssl=true", "", null).describe())
                .isEqualTo("PostgreSQL jdbc:postgresql://db:5432/phantom?user=p&password=***&ssl=true");
        assertThat(new DatabaseConfig("jdbc:postgresql://p:s3cret@db:5432/phantom", "", null).describe())
                .isEqualTo("PostgreSQL jdbc:postgresql://p:***@db:5432/phantom");
    }
}
