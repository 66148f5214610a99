package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short run of {@link StoreGrowthBenchmark} (the figures in docs/performance.md come from a long
 * one): the mixed load works end to end, and once the live data stops growing (groups and launch
 * configurations are replaced, finished instances reaped) the file stops growing too.
 */
class StoreGrowthBenchmarkTest {
    @TempDir
    Path dir;

    @Test
    void theFileStaysAsLargeAsItsLiveRowsNeed() throws Exception {
        List<StoreGrowthBenchmark.Sample> samples = StoreGrowthBenchmark.run(dir, 3_000, 3);

        assertThat(samples).hasSize(3);
        StoreGrowthBenchmark.Sample first = samples.get(0);
        StoreGrowthBenchmark.Sample last = samples.get(2);
        assertThat(last.instances()).as("finished instances are reaped").isLessThan(last.operations() / 5);
        // activities are kept six weeks, longer than this run: the growth is theirs, a few hundred bytes each
        long perActivity = (last.totalBytes() - first.totalBytes()) / Math.max(1, last.activities() - first.activities());
        assertThat(perActivity).as("bytes of file growth per activity kept").isLessThan(2_000);
        assertThat(last.walBytes()).as("the WAL is checkpointed").isLessThan(8_000_000);
    }
}
