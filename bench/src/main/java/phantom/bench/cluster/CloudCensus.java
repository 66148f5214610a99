package phantom.bench.cluster;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import phantom.core.driver.LaunchSpec;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The cloud's own account of the VMs: every instance moto has, live or dead, with its Phantom
 * tags, read straight from moto (not through the relay). The counts the benchmark reports come
 * from here, not from Phantom.
 */
final class CloudCensus implements AutoCloseable {
    /** One instance as moto lists it. */
    record Vm(String id, String state, String token, String group) {
        /** Running or about to: what a cloud bills. */
        boolean live() {
            return Set.of("pending", "running", "stopping", "stopped").contains(state);
        }

        boolean phantoms() {
            return token != null;
        }
    }

    private final Ec2Client ec2;

    CloudCensus(URI moto, String accessKey, String secretKey) {
        this.ec2 = Ec2Client.builder().endpointOverride(moto).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
                .httpClient(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)).build())
                .build();
    }

    /** Every instance moto has, in every state. */
    List<Vm> all() {
        List<Vm> vms = new ArrayList<>();
        ec2.describeInstancesPaginator(r -> r.maxResults(1000)).reservations()
                .forEach(res -> res.instances().forEach(i -> vms.add(vm(i))));
        return vms;
    }

    /** An image moto offers, for the launch configuration. */
    String anImage() {
        return ec2.describeImages(r -> r.filters(Filter.builder().name("state").values("available").build())).images().stream().findFirst()
                .orElseThrow(() -> new IllegalStateException("moto lists no image")).imageId();
    }

    private static Vm vm(Instance i) {
        return new Vm(i.instanceId(), i.state().nameAsString(), tag(i, LaunchSpec.TAG_TOKEN), tag(i, LaunchSpec.TAG_GROUP));
    }

    private static String tag(Instance i, String key) {
        return i.tags().stream().filter(t -> t.key().equals(key)).map(Tag::value).findFirst().orElse(null);
    }

    /** Live Phantom VMs per {@code phantom:group} tag (the group's uuid). */
    static Map<String, Integer> liveByGroup(Collection<Vm> vms) {
        Map<String, Integer> n = new HashMap<>();
        vms.stream().filter(v -> v.live() && v.phantoms() && v.group() != null).forEach(v -> n.merge(v.group(), 1, Integer::sum));
        return n;
    }

    /** Instances beyond the first with one {@code phantom:token}, live or dead: a launch made twice. */
    static int duplicates(Collection<Vm> vms) {
        Map<String, Long> perToken = vms.stream().filter(Vm::phantoms).collect(Collectors.groupingBy(Vm::token, Collectors.counting()));
        return (int) perToken.values().stream().mapToLong(n -> n - 1).sum();
    }

    /** Live Phantom VMs that none of {@code reported} (the instance ids the groups report) names. */
    static Set<String> orphans(Collection<Vm> vms, Set<String> reported) {
        return vms.stream().filter(v -> v.live() && v.phantoms() && !reported.contains(v.id())).map(Vm::id)
                .collect(Collectors.toSet());
    }

    @Override
    public void close() {
        ec2.close();
    }
}
