package phantom.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void the_version_decides_and_without_one_of_the_two_the_ec2_scope_does() {
        assertThat(Dialect.of("2011-01-01", "ec2")).isEqualTo(Dialect.AUTO_SCALING);
        assertThat(Dialect.of("2016-11-15", "autoscaling")).isEqualTo(Dialect.EC2);
        assertThat(Dialect.of("2016-11-15", null)).isEqualTo(Dialect.EC2);
        assertThat(Dialect.of(null, "ec2")).isEqualTo(Dialect.EC2);
        assertThat(Dialect.of("2014-10-01", "ec2")).isEqualTo(Dialect.EC2);
        assertThat(Dialect.of("2014-10-01", "127")).isEqualTo(Dialect.AUTO_SCALING);
        assertThat(Dialect.of(null, null)).isEqualTo(Dialect.AUTO_SCALING);
    }

    @Test
    void ec2_is_the_scope_of_ec2_calls_only() {
        assertThatCode(() -> Dialect.EC2.checkScope("ec2")).doesNotThrowAnyException();
        assertThatCode(() -> Dialect.AUTO_SCALING.checkScope("autoscaling")).doesNotThrowAnyException();
        assertThatCode(() -> Dialect.AUTO_SCALING.checkScope("127")).doesNotThrowAnyException();
        assertThatCode(() -> Dialect.EC2.checkScope(null)).doesNotThrowAnyException();
        assertThatCode(() -> Dialect.AUTO_SCALING.checkScope(null)).doesNotThrowAnyException();

        ApiError wrongForEc2 = catchThrowableOfType(ApiError.class, () -> Dialect.EC2.checkScope("autoscaling"));
        assertThat(wrongForEc2.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(wrongForEc2.status()).isEqualTo(403);
        assertThat(wrongForEc2).hasMessage("Credential should be scoped to correct service: 'ec2'.");

        ApiError wrongForAutoScaling = catchThrowableOfType(ApiError.class, () -> Dialect.AUTO_SCALING.checkScope("ec2"));
        assertThat(wrongForAutoScaling.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(wrongForAutoScaling).hasMessage("Credential should be scoped to correct service: 'autoscaling'.");
    }
}
