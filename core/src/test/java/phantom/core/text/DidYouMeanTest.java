package phantom.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    static final List<String> CREDENTIALS = List.of("username", "password", "project_name", "project_id");

    @Test
    void a_dropped_letter_a_swap_or_a_wrong_case_is_a_typo() {
        assertThat(DidYouMean.closest("usrname", CREDENTIALS)).contains("username");
        assertThat(DidYouMean.closest("pasword", CREDENTIALS)).contains("password");
        assertThat(DidYouMean.closest("hotle", List.of("hotel", "sierra"))).contains("hotel");
        assertThat(DidYouMean.closest("Sierra", List.of("hotel", "sierra"))).contains("sierra");
        assertThat(DidYouMean.closest("project_nmae", CREDENTIALS)).contains("project_name");
    }

    @Test
    void a_name_far_from_every_known_one_gets_no_suggestion() {
        assertThat(DidYouMean.closest("region", CREDENTIALS)).isEmpty();
        assertThat(DidYouMean.closest("ab", List.of("xy"))).isEmpty();
        assertThat(DidYouMean.closest("", CREDENTIALS)).isEmpty();
        assertThat(DidYouMean.closest("x", List.of())).isEmpty();
        assertThat(DidYouMean.hint("region", CREDENTIALS)).isEmpty();
    }

    @Test
    void the_hint_reads_as_part_of_a_sentence() {
        assertThat(DidYouMean.hint("usrname", CREDENTIALS)).isEqualTo("; did you mean 'username'?");
        assertThat(DidYouMean.aside("usrname", CREDENTIALS)).isEqualTo(" (did you mean 'username'?)");
        assertThat(DidYouMean.aside("region", CREDENTIALS)).isEmpty();
    }

    @Test
    void distance_counts_edits() {
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("ab", "ba")).isEqualTo(1);
        assertThat(DidYouMean.distance("same", "same")).isZero();
    }
}
