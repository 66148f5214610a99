package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import phantom.store.DatabaseConfig;

class DatabaseLabelTest {
    @Test
    void the_embedded_database_is_named_by_its_file() {
        Path dir = Path.of("/srv/phantom-data");
        String label = DatabaseLabel.of(DatabaseConfig.embedded(dir));
        assertThat(label).startsWith("embedded ").contains("/srv/phantom-data/phantom").doesNotContain("jdbc:").doesNotContain(";");
    }

    @Test
    void a_server_database_shows_its_url_and_user_but_never_a_password() {
        assertThat(DatabaseLabel.of(new DatabaseConfig("jdbc:postgresql://db.example.org:5432/phantom", "phantom", "s3cret")))
                .isEqualTo("database jdbc:postgresql://db.example.org:5432/phantom as user phantom");
        assertThat(DatabaseLabel.of(new DatabaseConfig("jdbc:postgresql://db:5432/phantom?user=p&password=s3cret&ssl=true", "", null)))
                .isEqualTo("database jdbc:postgresql://db:5432/phantom?user=p&password=***&ssl=true");
        assertThat(DatabaseLabel.of(new DatabaseConfig("jdbc:postgresql://p:s3cret@db:5432/phantom", "", null)))
                .isEqualTo("database jdbc:postgresql://p:***@db:5432/phantom");
    }
}
