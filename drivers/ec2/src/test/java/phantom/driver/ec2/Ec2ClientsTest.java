package phantom.driver.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class Ec2ClientsTest {

    static final Ec2SiteOptions OPTIONS = new Ec2SiteOptions("aws", "us-east-1", null,
            Duration.ofSeconds(5), Duration.ofSeconds(30), 2);

    @Test
    void one_client_per_distinct_keys_and_no_more_than_the_limit() {
        try (Ec2Clients clients = new Ec2Clients(OPTIONS, 2)) {
            AwsKeys alice = new AwsKeys("AKIDA", "a", null);
            AwsKeys bob = new AwsKeys("AKIDB", "b", null);
            AwsKeys carol = new AwsKeys("AKIDC", "c", null);

            var aliceClient = clients.forKeys(alice);
            assertThat(clients.forKeys(new AwsKeys("AKIDA", "a", null))).isSameAs(aliceClient);
            assertThat(clients.forKeys(new AwsKeys("AKIDA", "rotated", null))).isNotSameAs(aliceClient);
            assertThat(clients.size()).isEqualTo(2);

            clients.forKeys(alice);
            clients.forKeys(bob);
            clients.forKeys(carol);
            assertThat(clients.size()).isEqualTo(2);
            assertThat(clients.forKeys(carol)).isSameAs(clients.forKeys(carol));
        }
    }
}
