package phantom.api.ec2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class Ec2FilterTest {

    static boolean matches(String wildcard, String value) {
        return new Ec2Filter("zone-name", List.of(wildcard)).matches(value);
    }

    @Test
    void values_match_exactly_or_by_ec2_wildcards() {
        assertThat(matches("hotel", "hotel")).isTrue();
        assertThat(matches("hotel", "hotels")).isFalse();
        assertThat(matches("ho*", "hotel")).isTrue();
        assertThat(matches("*", "")).isTrue();
        assertThat(matches("h?tel", "hotel")).isTrue();
        assertThat(matches("h?tel", "htel")).isFalse();
        assertThat(matches("*el", "hotel")).isTrue();
    }

    @Test
    void escaped_wildcards_and_regex_characters_are_literal() {
        assertThat(matches("a\\*b", "a*b")).isTrue();
        assertThat(matches("a\\*b", "axb")).isFalse();
        assertThat(matches("a\\?", "a?")).isTrue();
        assertThat(matches("a\\\\b", "a\\b")).isTrue();
        assertThat(matches("a.b", "axb")).isFalse();
        assertThat(matches("[x]+", "[x]+")).isTrue();
        assertThat(matches("trailing\\", "trailing\\")).isTrue();
    }

    @Test
    void any_value_may_match_and_nothing_matches_an_absent_value() {
        Ec2Filter f = new Ec2Filter("zone-name", List.of("hotel", "sierra"));
        assertThat(f.matches("sierra")).isTrue();
        assertThat(f.matches("alamo")).isFalse();
        assertThat(f.matches(null)).isFalse();
    }
}
