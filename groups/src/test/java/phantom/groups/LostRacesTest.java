package phantom.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import phantom.core.group.Refusal;
import phantom.store.ConcurrentUpdate;
import phantom.store.StoreException;

class LostRacesTest {

    @Test
    void a_write_that_lost_a_race_runs_again_and_its_answer_is_the_last_run() {
        AtomicInteger runs = new AtomicInteger();
        String answer = LostRaces.retried(() -> {
            if (runs.incrementAndGet() < 4) throw new ConcurrentUpdate("group web moved on");
            return "done on run " + runs.get();
        });
        assertThat(answer).isEqualTo("done on run 4");
    }

    @Test
    void a_write_that_keeps_losing_is_refused_with_resource_contention() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> LostRaces.retried(() -> {
            runs.incrementAndGet();
            throw new ConcurrentUpdate("group web moved on");
        })).isInstanceOfSatisfying(Refusal.class, e -> {
            assertThat(e.code()).isEqualTo(Refusal.Code.RESOURCE_CONTENTION);
            assertThat(e.code().aws()).isEqualTo("ResourceContention");
        });
        assertThat(runs).hasValue(LostRaces.WRITE_ATTEMPTS);
    }

    @Test
    void other_store_failures_are_not_retried() {
        AtomicInteger runs = new AtomicInteger();
        assertThatThrownBy(() -> LostRaces.retried(() -> {
            runs.incrementAndGet();
            throw new StoreException("disk full");
        })).isInstanceOf(StoreException.class);
        assertThat(runs).hasValue(1);
    }
}
