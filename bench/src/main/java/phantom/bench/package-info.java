/**
 * Phantom's benchmarks (docs/performance.md): {@code phantom.bench.jmh} holds the JMH
 * micro-benchmarks, {@code phantom.bench.load} the load benchmark against the running server beside
 * moto, {@code phantom.bench.engine} the engine benchmark on sim sites, {@code phantom.bench.cluster}
 * the take-over benchmark (three nodes on PostgreSQL beside moto's EC2, one stopped at a time). Each has a small-size smoke
 * test that CI runs, so they cannot rot; none is a timed test.
 */
package phantom.bench;
