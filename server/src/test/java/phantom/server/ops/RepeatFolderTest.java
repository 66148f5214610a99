package phantom.server.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Identical lines within the window are folded into one summary per window. */
class RepeatFolderTest {
    private final AtomicLong now = new AtomicLong();
    private final RepeatFolder<String> folder = new RepeatFolder<>(Duration.ofSeconds(60), now::get);

    private void at(long seconds) {
        now.set(Duration.ofSeconds(seconds).toNanos());
    }

    @Test
    void a_burst_of_identical_lines_is_one_line_then_one_summary_with_the_count() {
        at(0);
        assertThat(folder.admit("capacity")).isTrue();
        for (int k = 0; k < 7; k++) assertThat(folder.admit("capacity")).isFalse();
        assertThat(folder.admit("other")).as("a different line is printed").isTrue();
        at(30);
        assertThat(folder.due()).as("the window is not over").isEmpty();
        at(60);
        List<RepeatFolder.Summary<String>> due = folder.due();
        assertThat(due).containsExactly(new RepeatFolder.Summary<>("capacity", 7, Duration.ofSeconds(60)));
        assertThat(RepeatFolder.note(7, Duration.ofSeconds(60))).isEqualTo(" (repeated 7 times in the last 60 s)");
        at(200);
        assertThat(folder.due()).as("nothing folded since: forgotten, no empty summary").isEmpty();
        assertThat(folder.admit("capacity")).as("after a quiet window the line is printed again").isTrue();
    }

    @Test
    void a_problem_that_goes_on_gives_one_summary_per_window_not_one_line_per_occurrence() {
        int printed = 0;
        int summaries = 0;
        for (long t = 0; t <= 600; t += 10) { // two WARN lines every 10 s for 10 minutes
            at(t);
            summaries += folder.due().size();
            if (folder.admit("credentials rejected")) printed++;
            if (folder.admit("no listing")) printed++;
        }
        at(660);
        summaries += folder.due().size();
        assertThat(printed).as("each line printed once").isEqualTo(2);
        // 11 windows (0-60 s, ..., 600-660 s), one summary each per line, instead of 60 more lines each
        assertThat(summaries).as("one summary per line per minute").isEqualTo(22);
    }

    @Test
    void it_remembers_a_bounded_number_of_lines() {
        at(0);
        for (int k = 0; k < RepeatFolder.MAX_KEYS + 10; k++) folder.admit("line " + k);
        assertThat(folder.admit("line 0")).as("the oldest was forgotten, so it prints again").isTrue();
        assertThat(folder.admit("line " + (RepeatFolder.MAX_KEYS + 9))).as("a recent one is still folded").isFalse();
    }
}
