/**
 * The reconciler: keeps every group at its desired count (docs/design.md, "The engine" and "Crash
 * safety"). {@link phantom.reconcile.Reconciler} is the only public entry point; the server
 * builds it with the store, the site drivers, a {@link phantom.reconcile.CredentialSource} and a
 * clock, calls {@code start()}, and wires the API's "group changed" hook to {@code enqueue}.
 *
 * <h2>The site watchers</h2>
 * One {@code SiteWatcher} per site and account lists the site every watch interval (the site's,
 * else the engine's, else {@link phantom.reconcile.Reconciler#DEFAULT_WATCH}) and keeps a snapshot
 * indexed by cloud id, token and group uuid; launch and terminate results are written through at
 * once; the groups whose VMs changed between two listings get a pass; a failed listing makes the
 * snapshot unknown and backs that watcher off alone ({@code SiteWatchers}, {@code SiteWatcher}).
 *
 * <h2>One pass of a group</h2>
 * Load the group, its instances, its site health and its family's launch configurations, and its
 * slice of the snapshot of every site it uses or has unfinished instances on (no listing; an
 * unknown snapshot means nothing on that site changes this pass); decide (pure): merge the slices
 * into the instances ({@code InstanceObservation}), plan ({@code OverflowPolicy}), find lost
 * launches; act; record the shortfall; delete the group if it is being deleted and nothing of it
 * is left. The resync ({@code Resync}) runs the same decide for every group in memory and queues
 * only the groups where a pass would act.
 *
 * <h2>Acting (crash safety)</h2>
 * <ul>
 *   <li>Launch: the instance row (REQUESTED, id = launch token {@code ph-<uuid>}) and its activity
 *       are committed before the driver is called; the VM is tagged with the token, the group's
 *       uuid and owner, and the group's PropagateAtLaunch tags. A launch lost in a crash is
 *       re-issued with its token: at once where the cloud de-duplicates by token
 *       ({@code Capabilities.idempotentLaunch}), else after the grace from its last attempt; a VM
 *       launched just before a crash is adopted when a listing shows its token. A launch call that
 *       did not answer in time leaves its intent REQUESTED (outcome unknown), so its VM is adopted.
 *   <li>Terminate: the instance is marked TERMINATING (with its activity) before the call, and
 *       the call is retried on later passes while the cloud still lists the VM.
 *   <li>All of a pass's terminations run in parallel, then all its launches; at most
 *       {@code parallelismPerSite} calls are in flight per site across all groups; a call longer
 *       than {@code callTimeout}, or a driver throwing an unchecked exception, is a TRANSIENT
 *       failure ({@code RequestTimeout}, {@code DriverError}).
 *   <li>The launches of one pass on one site count as one attempt for the site's backoff: any
 *       failure records one failure of the most telling class (CONFIG, CAPACITY, QUOTA,
 *       TRANSIENT), else one success.
 *   <li>Orphan sweep (every resync, one at a time): reads every watcher's snapshot (one per site
 *       and account); the known instances of every site are read after the snapshots are taken,
 *       so a launch in flight is never taken for an orphan; every VM
 *       it terminates is logged with the reason. Finished instance rows older than 2 h are
 *       removed (the only deletion of instance rows). The resync and the sweep run through
 *       {@code Ticker}: they survive any throwable, logged and counted.
 *   <li>Stopping ({@code stopStarting}, {@code close}): no new pass or cloud call; the calls in
 *       flight get at most {@code shutdownTimeout}; what is cut short keeps its intent.
 * </ul>
 *
 * <h2>Scaling activities</h2>
 * <table>
 *   <caption>What users see</caption>
 *   <tr><th>event</th><th>StatusCode</th><th>Description</th><th>StatusMessage</th></tr>
 *   <tr><td>intent recorded</td><td>InProgress</td><td>Launching a new EC2 instance</td><td></td></tr>
 *   <tr><td>cloud has the VM</td><td>Successful</td><td>Launching a new EC2 instance: i-...</td><td></td></tr>
 *   <tr><td>cloud refused</td><td>Failed</td><td>Launching a new EC2 instance</td><td>code: message</td></tr>
 *   <tr><td>launch called off before a VM existed</td><td>Cancelled (Failed if unhealthy)</td><td>Launching a new EC2 instance</td><td>why</td></tr>
 *   <tr><td>termination decided</td><td>InProgress</td><td>Terminating EC2 instance: i-...</td><td>"code: message (will retry)" after a refused call</td></tr>
 *   <tr><td>VM gone</td><td>Successful</td><td>Terminating EC2 instance: i-...</td><td></td></tr>
 *   <tr><td>group runs short, or VMs protected from scale in keep it above its count</td><td>Failed</td><td>Could not keep the desired capacity</td><td>the note</td></tr>
 * </table>
 * Causes are the plan's, prefixed "At &lt;time&gt;" as AWS's are ("At 2026-11-24T10:00:00Z an
 * instance was started in response to a difference between desired and actual capacity,
 * increasing the capacity from 8 to 10 on sierra; overflow hotel -> sierra: hotel is full (cap
 * 8)"). Details are {@code {"Availability Zone":"<site>"}}. A shortfall note ("wanted 10, sites
 * can take 8 now: ...") is recorded only when it differs from the last one recorded for the group
 * (second counts ignored), remembered in memory and, after a restart, from the newest such
 * activity.
 *
 * <h2>Timing</h2>
 * Passes: on {@code enqueue} and a watcher's event (changes, ahead of background work), once for
 * every group at start and when the resync (every {@code resync}, default:
 * {@link phantom.reconcile.ReconcilerSettings#DEFAULT}) finds something to do (background), when
 * the plan asks (a backoff ending, a boot timeout, a grace ending), 100 ms after a pass that acted;
 * delays are bounded to [100 ms, resync]. A pass that throws is retried after 1 s doubling to
 * {@code resync}. 256 virtual-thread workers; a group is in the queue at most once and never in
 * two passes at once. The clock given to the reconciler is used for every decision and record;
 * the delays above and the watch intervals are real time.
 *
 * <h2>Several nodes</h2>
 * On PostgreSQL the nodes share the groups by shard leases ({@link phantom.reconcile.ShardOwnership};
 * docs/cluster.md). A node passes, resyncs, watches and sweeps only the groups of its shards
 * ({@link phantom.reconcile.Ownership}); each pass runs under its shard's lease. Every transaction
 * that writes a launch intent, a terminate mark or an observation first checks the lease's epoch in
 * the database ({@code Ownership.Lease.fence}), and every cloud call checks, the instant before the
 * driver is called, that the lease has not lapsed by this node's monotonic clock
 * ({@code requireValid}): a node that lost a shard, or was paused past its lease, calls no cloud
 * for it. A node that gains shards lists their accounts and gives each of their groups a pass.
 */
package phantom.reconcile;
