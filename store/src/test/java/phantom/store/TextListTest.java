package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextListTest {
    @Test
    void encodesOneLinePerElement() {
        assertThat(TextList.encode(List.of())).isEmpty();
        assertThat(TextList.encode(List.of(""))).isEqualTo("\n");
        assertThat(TextList.encode(List.of("a", "b"))).isEqualTo("a\nb\n");
        assertThat(TextList.encode(List.of("a\nb", "c\\d"))).isEqualTo("a\\nb\nc\\\\d\n");
    }

    @Test
    void decodesWhatItEncodes() {
        for (List<String> list : List.of(List.<String>of(), List.of(""), List.of("", ""), List.of("\\"), List.of("\\n"),
                List.of("\n"), List.of("a\n", "\nb", "\\\n\\"), List.of(Examples.TRICKY))) {
            assertThat(TextList.decode(TextList.encode(list))).as("%s", list).isEqualTo(list);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 20261124})
    void randomListsRoundTrip(long seed) {
        Random random = new Random(seed);
        char[] alphabet = {'a', 'Z', ' ', ',', ':', '\n', '\r', '\\', 'n', '@', 'é', '日', '\uD83D', '\uDE80'};
        for (int run = 0; run < 300; run++) {
            List<String> list = new ArrayList<>();
            int size = random.nextInt(6);
            for (int i = 0; i < size; i++) {
                StringBuilder b = new StringBuilder();
                int length = random.nextInt(8);
                for (int j = 0; j < length; j++) b.append(alphabet[random.nextInt(alphabet.length)]);
                list.add(b.toString());
            }
            assertThat(TextList.decode(TextList.encode(list))).as("seed %d run %d", seed, run).isEqualTo(list);
        }
    }

    @Test
    void refusesTextItDidNotWrite() {
        for (String corrupt : List.of("no terminator", "a\nb", "bad \\escape\n", "ends in backslash\\")) {
            assertThatThrownBy(() -> TextList.decode(corrupt)).as(corrupt).isInstanceOf(StoreException.class)
                    .hasMessageContaining("list encoding");
        }
    }
}
