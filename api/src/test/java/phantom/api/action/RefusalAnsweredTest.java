package phantom.api.action;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.core.group.Refusal;

/** A refusal of the group rules leaves an action as the AWS error it names, 400, with its message. */
class RefusalAnsweredTest {
    private static Action refusing(Refusal r) {
        return new RefusalAnswered(new Action() {
            @Override
            public String name() {
                return "SetDesiredCapacity";
            }

            @Override
            public ByteBuffer handle(String owner, QueryParams params, String requestId) {
                throw r;
            }
        });
    }

    @Test
    void every_code_of_a_refusal_is_answered_as_its_aws_error_with_400() {
        for (Refusal.Code code : Refusal.Code.values()) {
            Action a = refusing(new Refusal(code, "why: " + code));
            assertThatThrownBy(() -> a.handle("alice", QueryParams.of(Map.of()), "req-1")).isInstanceOfSatisfying(ApiError.class, e -> {
                assertThat(e.code()).isEqualTo(code.aws());
                assertThat(e.status()).isEqualTo(400);
                assertThat(e.type()).isEqualTo("Sender");
                assertThat(e.getMessage()).isEqualTo("why: " + code);
            });
        }
    }

    @Test
    void the_wrapped_action_keeps_its_name_and_parameters() {
        Action a = refusing(Refusal.validation("no"));
        assertThat(a.name()).isEqualTo("SetDesiredCapacity");
        assertThat(a.input()).isEqualTo(ActionShapes.of("SetDesiredCapacity"));
    }
}
