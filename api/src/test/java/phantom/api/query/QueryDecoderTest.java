package phantom.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import phantom.api.ApiError;

class QueryDecoderTest {

    @Test
    void decodes_plus_and_percent_twenty_as_space_and_utf8_escapes() {
        Map<String, String> p = QueryDecoder.decode("AutoScalingGroupName=my+asg&Other=my%20asg&U=%C3%A9%E2%82%AC&Empty=&Bare");
        assertThat(p).containsEntry("AutoScalingGroupName", "my asg").containsEntry("Other", "my asg")
                .containsEntry("U", "é€").containsEntry("Empty", "").containsEntry("Bare", "");
        assertThat(p.keySet()).containsExactly("AutoScalingGroupName", "Other", "U", "Empty", "Bare");
    }

    @Test
    void a_literal_non_ascii_character_survives() {
        assertThat(QueryDecoder.decode("K=caf\u00e9+%F0%9F%98%80")).containsEntry("K", "café 😀");
    }

    @ParameterizedTest
    @ValueSource(strings = {"A=%", "A=%4", "A=%G1", "A=%zz", "A=%C3%28", "A=%FF", "A=%ED%A0%80", "A=1&A=2", "=v"})
    void malformed_input_is_refused(String body) {
        assertThatThrownBy(() -> QueryDecoder.decode(body)).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo("MalformedQueryString");
            assertThat(e.status()).isEqualTo(404);
        });
    }

    @Test
    void too_many_parameters_are_refused() {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i <= phantom.api.auth.QueryParameter.MAX_PARAMETERS; i++) b.append("P").append(i).append("=x&");
        assertThatThrownBy(() -> QueryDecoder.decode(b.toString())).isInstanceOf(ApiError.class);
    }
}
