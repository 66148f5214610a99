package phantom.driver.ec2;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * One {@link Ec2Client} per distinct set of keys, at most {@code limit} of them (least recently used
 * goes first). All the clients share one HTTP client and one timer thread pool, which this class owns;
 * the SDK does not close resources it was given, so closing an evicted client cannot disturb a call
 * still running on it.
 */
final class Ec2Clients implements AutoCloseable {

    private final Ec2SiteOptions options;
    private final SdkHttpClient http;
    private final ScheduledExecutorService timers;
    private final Map<AwsKeys, Ec2Client> clients;

    Ec2Clients(Ec2SiteOptions options, int limit) {
        this.options = options;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(options.connectTimeout())
                .socketTimeout(options.requestTimeout())
                .build();
        this.timers = Executors.newScheduledThreadPool(2,
                Thread.ofPlatform().daemon().name("phantom-ec2-" + options.site() + "-timer-", 0).factory());
        this.clients = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<AwsKeys, Ec2Client> eldest) {
                if (size() > limit) {
                    eldest.getValue().close();
                    return true;
                }
                return false;
            }
        };
    }

    synchronized Ec2Client forKeys(AwsKeys keys) {
        return clients.computeIfAbsent(keys, this::build);
    }

    synchronized int size() {
        return clients.size();
    }

    private Ec2Client build(AwsKeys keys) {
        var b = Ec2Client.builder()
                .region(Region.of(options.region()))
                .credentialsProvider(StaticCredentialsProvider.create(keys.toSdk()))
                .httpClient(http)
                .overrideConfiguration(o -> o
                        .apiCallTimeout(options.requestTimeout())
                        .scheduledExecutorService(timers)
                        .addExecutionInterceptor(new GuardedTransmission())
                        .retryStrategy(r -> r.maxAttempts(options.maxRetries() + 1)));
        if (options.endpoint() != null) {
            b.endpointOverride(options.endpoint());
        }
        return b.build();
    }

    @Override
    public synchronized void close() {
        clients.values().forEach(Ec2Client::close);
        clients.clear();
        http.close();
        timers.shutdownNow();
    }
}
