package phantom.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small run of {@link EngineScale}, so that it cannot rot: every group comes into service and the
 * resync that follows finds nothing to do. No timing is asserted. With
 * {@code -Dphantom.engineScale=groups,vms,parallelism[,latency_ms,boot_ms,watch_ms]} it runs that
 * size instead and prints the figures (docs/performance.md, "Scale: engine").
 */
class EngineScaleTest {
    @TempDir
    Path dir;

    @Test
    void every_group_comes_into_service_and_the_resync_then_finds_nothing_to_do() throws Exception {
        String size = System.getProperty("phantom.engineScale", "20,3,4,10,100,200");
        String[] a = size.split(",");
        int groups = Integer.parseInt(a[0]);
        int vms = Integer.parseInt(a[1]);
        EngineScale.Result r = EngineScale.run(dir, groups, vms, Integer.parseInt(a[2]),
                Duration.ofMillis(a.length > 3 ? Long.parseLong(a[3]) : 50),
                Duration.ofMillis(a.length > 4 ? Long.parseLong(a[4]) : 2000),
                Duration.ofMillis(a.length > 5 ? Long.parseLong(a[5]) : 2000));
        System.out.println("EngineScale: " + r);
        assertThat(r.resync().groups()).isEqualTo(groups);
        assertThat(r.resync().enqueued()).as("all settled").isZero();
        assertThat(r.inService()).isPositive();
    }

    @Test
    void a_failing_site_overflows_to_the_next_for_every_fault_class() throws Exception {
        for (phantom.core.driver.FaultClass cls : phantom.core.driver.FaultClass.values()) {
            Duration d = EngineScale.overflow(dir, cls, 10, Duration.ofMillis(Long.getLong("phantom.overflowLatency", 10)));
            System.out.println("EngineScale: " + cls + " on hotel -> first launch on sierra after " + d.toMillis() + " ms");
            assertThat(d).as(cls + ": sierra was launched on after hotel failed").isPositive();
        }
    }
}
