package phantom.reconcile;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.LaunchSpec;

/**
 * A real driver (the sim) seen through a window: counts the launches in flight and lists that
 * overlap per account, and can be told to misbehave (throw, hang).
 */
final class WatchedDriver implements CloudDriver {
    enum Mode { NORMAL, THROW, HANG }

    private final CloudDriver inner;
    volatile Mode mode = Mode.NORMAL;
    /**
     * The first this-many launches each wait (at most 5 s) until this many are in flight together:
     * they reach the count only if the reconciler issues them in parallel.
     */
    volatile int gate;
    final AtomicInteger launches = new AtomicInteger();
    private final AtomicInteger launching = new AtomicInteger();
    final AtomicInteger maxLaunching = new AtomicInteger();
    private final Map<CloudCredentials, AtomicInteger> listing = new ConcurrentHashMap<>();
    final Map<CloudCredentials, Integer> maxListing = new ConcurrentHashMap<>();
    /** The credentials of every list call, in order. */
    final List<CloudCredentials> listedWith = new java.util.concurrent.CopyOnWriteArrayList<>();
    final AtomicInteger lists = new AtomicInteger();
    /** When set, what the driver claims it can do instead of the sim's answer. */
    volatile Capabilities capabilities;
    /** Run once at the next list call: another writer acting while a pass is under way. */
    volatile Runnable beforeNextList;
    /** When set, only launches hang (30 s, or until interrupted); listings answer. */
    volatile boolean hangLaunches;
    /** When set, launches start their VM and then hang (the reply is lost). */
    volatile boolean loseLaunchReplies;
    /** Run after every launch that started a VM (e.g. a test's pause of the node). */
    volatile Runnable afterLaunch;
    /** Calls that started hanging. */
    final AtomicInteger hung = new AtomicInteger();

    /** VMs the cloud reports dead (by cloud id): listed with that state whatever the inner driver says. */
    final Map<String, CloudInstance> reportedDead = new ConcurrentHashMap<>();

    /** VMs the cloud no longer reports at all (by cloud id): left out of every listing. */
    final java.util.Set<String> vanished = ConcurrentHashMap.newKeySet();

    /** From now on the VM is listed with {@code state} (the cloud terminated, stopped or failed it). */
    void reportDead(CloudInstance vm, phantom.core.driver.CloudState state) {
        reportedDead.put(vm.cloudId(), new CloudInstance(vm.cloudId(), vm.token(), vm.groupUuid(), state,
                vm.instanceType(), vm.launchTime()));
    }

    WatchedDriver(CloudDriver inner) {
        this.inner = inner;
    }

    @Override
    public CloudInstance launch(LaunchSpec spec, CloudCredentials c) throws CloudFault {
        misbehave();
        boolean firstWave = launches.incrementAndGet() <= gate;
        if (hangLaunches) hang();
        try {
            synchronized (launching) {
                maxLaunching.accumulateAndGet(launching.incrementAndGet(), Math::max);
                launching.notifyAll();
                long deadline = System.nanoTime() + 5_000_000_000L;
                while (firstWave && launching.get() < gate && System.nanoTime() < deadline) launching.wait(50);
            }
            CloudInstance vm = inner.launch(spec, c);
            Runnable after = afterLaunch;
            if (after != null) after.run();
            if (loseLaunchReplies) hang();
            return vm;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            synchronized (launching) {
                launching.decrementAndGet();
            }
        }
    }

    @Override
    public void terminate(String cloudId, CloudCredentials c) throws CloudFault {
        misbehave();
        inner.terminate(cloudId, c);
    }

    @Override
    public List<CloudInstance> list(CloudCredentials c) throws CloudFault {
        misbehave();
        lists.incrementAndGet();
        listedWith.add(c);
        Runnable hook = beforeNextList;
        beforeNextList = null;
        if (hook != null) hook.run();
        AtomicInteger n = listing.computeIfAbsent(c, k -> new AtomicInteger());
        int now = n.incrementAndGet();
        maxListing.merge(c, now, Math::max);
        try {
            List<CloudInstance> listed = inner.list(c);
            if (reportedDead.isEmpty() && vanished.isEmpty()) return listed;
            List<CloudInstance> out = new java.util.ArrayList<>();
            for (CloudInstance vm : listed) {
                if (!reportedDead.containsKey(vm.cloudId()) && !vanished.contains(vm.cloudId())) out.add(vm);
            }
            out.addAll(reportedDead.values());
            return out;
        } finally {
            n.decrementAndGet();
        }
    }

    @Override
    public Capabilities capabilities() {
        return capabilities != null ? capabilities : inner.capabilities();
    }

    private void hang() {
        hung.incrementAndGet();
        try {
            Thread.sleep(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("hung call interrupted");
        }
    }

    private void misbehave() {
        switch (mode) {
            case THROW -> throw new IllegalStateException("driver bug");
            case HANG -> hang();
            case NORMAL -> {
            }
        }
    }
}
