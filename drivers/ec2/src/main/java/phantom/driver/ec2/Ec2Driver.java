package phantom.driver.ec2;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import phantom.core.driver.Capabilities;
import phantom.core.driver.CloudCredentials;
import phantom.core.driver.LaunchGuard;
import phantom.core.driver.CloudDriver;
import phantom.core.driver.CloudFault;
import phantom.core.driver.CloudInstance;
import phantom.core.driver.CloudState;
import phantom.core.driver.FaultClass;
import phantom.core.driver.LaunchSpec;
import phantom.core.model.Installation;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;

/**
 * A site on EC2 or an EC2-compatible cloud. Launches are idempotent twice over: the launch token
 * goes to EC2 as ClientToken, and before calling RunInstances the driver looks for a VM already
 * tagged with the token, for clouds that ignore ClientToken (moto, OpenStack's EC2 API, Eucalyptus).
 * That lookup makes sequential retries safe; two concurrent launches with one token on such a cloud
 * are not (the reconciler never does that: one node at a time holds a group, and in a cluster a
 * node calls a cloud only while its lease is valid; docs/cluster.md, "Fencing").
 */
final class Ec2Driver implements CloudDriver, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Ec2Driver.class);

    /**
     * What {@link #list} shows: every state EC2 reports, dead ones included, so that a VM terminated
     * or stopped from outside is seen as such at the next listing rather than as missing (EC2 keeps
     * listing a terminated instance for about an hour).
     */
    static final List<String> LISTED_STATES =
            List.of("pending", "running", "shutting-down", "terminated", "stopping", "stopped");
    static final int CLIENT_CACHE_LIMIT = 64;
    static final int DEFAULT_PAGE_SIZE = 1000;

    private static final Capabilities CAPABILITIES = new Capabilities(true, AwsKeys.REQUIRED);

    private final String site;
    private final Ec2Clients clients;
    private final int pageSize;

    Ec2Driver(Ec2SiteOptions options) {
        this(options, DEFAULT_PAGE_SIZE);
    }

    /** @param pageSize DescribeInstances MaxResults, 5 to 1000 */
    Ec2Driver(Ec2SiteOptions options, int pageSize) {
        if (pageSize < 5 || pageSize > 1000) {
            throw new IllegalArgumentException("DescribeInstances page size must be 5..1000, got " + pageSize);
        }
        this.site = options.site();
        this.clients = new Ec2Clients(options, CLIENT_CACHE_LIMIT);
        this.pageSize = pageSize;
    }

    @Override
    public CloudInstance launch(LaunchSpec spec, CloudCredentials credentials) throws CloudFault {
        return launch(spec, credentials, LaunchGuard.NONE);
    }

    @Override
    public CloudInstance launch(LaunchSpec spec, CloudCredentials credentials, LaunchGuard guard) throws CloudFault {
        var request = LaunchRequest.of(spec);
        Ec2Client ec2 = clients.forKeys(AwsKeys.from(site, credentials));
        Optional<Instance> earlier = withToken(ec2, spec.token());
        if (earlier.isPresent()) {
            log.info("site {}: launch token {} already started {}; not launching again",
                    site, spec.token(), earlier.get().instanceId());
            return InstanceView.of(earlier.get());
        }
        // The guard is asked by GuardedTransmission before each attempt of RunInstances goes on the wire.
        RunInstancesResponse response;
        try {
            response = ec2.runInstances(request.toBuilder()
                    .overrideConfiguration(o -> o.putExecutionAttribute(GuardedTransmission.GUARD, guard)).build());
        } catch (SdkException e) {
            LaunchGuard.Refused refused = GuardedTransmission.refusal(e);
            if (refused != null) throw refused;
            throw Ec2Faults.of(site, "RunInstances", e);
        }
        if (response.instances().isEmpty()) {
            throw new CloudFault(FaultClass.TRANSIENT, "NoInstance",
                    "site " + site + ", RunInstances: the response names no instance");
        }
        Instance started = response.instances().get(0);
        log.debug("site {}: launch token {} started {}", site, spec.token(), started.instanceId());
        CloudInstance vm = InstanceView.of(started);
        // Some EC2-compatible clouds do not echo the tags in the RunInstances response.
        return new CloudInstance(vm.cloudId(), spec.token(), spec.groupUuid(), vm.state(),
                vm.instanceType() != null ? vm.instanceType() : spec.instanceType(), vm.launchTime());
    }

    /** The VM an earlier launch with this token started, preferring one that is not terminated. */
    private Optional<Instance> withToken(Ec2Client ec2, String token) throws CloudFault {
        var request = DescribeInstancesRequest.builder()
                .filters(Filter.builder().name("tag:" + LaunchSpec.TAG_TOKEN).values(token).build())
                .build();
        try {
            return instances(ec2, request)
                    .min(Comparator.comparing(i -> InstanceView.state(i.state()) == CloudState.TERMINATED));
        } catch (SdkException e) {
            throw Ec2Faults.of(site, "DescribeInstances", e);
        }
    }

    @Override
    public void terminate(String cloudId, CloudCredentials credentials) throws CloudFault {
        if (cloudId == null || cloudId.isBlank()) {
            throw new IllegalArgumentException("site " + site + ": no instance id to terminate");
        }
        Ec2Client ec2 = clients.forKeys(AwsKeys.from(site, credentials));
        try {
            ec2.terminateInstances(b -> b.instanceIds(cloudId));
        } catch (AwsServiceException e) {
            if (!Ec2Faults.isGone(e)) {
                throw Ec2Faults.of(site, "TerminateInstances", e);
            }
            log.debug("site {}: {} is already gone", site, cloudId);
        } catch (SdkException e) {
            throw Ec2Faults.of(site, "TerminateInstances", e);
        }
    }

    @Override
    public List<CloudInstance> list(CloudCredentials credentials) throws CloudFault {
        return listed(credentials, Filter.builder().name("tag-key").values(LaunchSpec.TAG_TOKEN).build());
    }

    /**
     * Only one installation's VMs, filtered by EC2 on its side: {@code tag:phantom:group} with the
     * value {@code <installationId>*} (EC2 filters take {@code *} wildcards), so a shared account's
     * other VMs are not transferred. The exact check ({@link Installation#owns}) is applied again here.
     */
    @Override
    public List<CloudInstance> list(CloudCredentials credentials, String installationId) throws CloudFault {
        if (!installationId.matches("[0-9a-f]{8}")) {
            return CloudDriver.super.list(credentials, installationId); // no wildcard characters in a filter
        }
        return listed(credentials, Filter.builder().name("tag-key").values(LaunchSpec.TAG_TOKEN).build(),
                        Filter.builder().name("tag:" + LaunchSpec.TAG_GROUP).values(installationId + "*").build())
                .stream().filter(vm -> Installation.owns(installationId, vm.groupUuid())).toList();
    }

    /** DescribeInstances in every state of {@link #LISTED_STATES} with these filters, all pages. */
    private List<CloudInstance> listed(CloudCredentials credentials, Filter... filters) throws CloudFault {
        Ec2Client ec2 = clients.forKeys(AwsKeys.from(site, credentials));
        var request = DescribeInstancesRequest.builder()
                .filters(Stream.concat(Stream.of(filters),
                        Stream.of(Filter.builder().name("instance-state-name").values(LISTED_STATES).build())).toList())
                .maxResults(pageSize)
                .build();
        try {
            return instances(ec2, request).map(InstanceView::of).toList();
        } catch (SdkException e) {
            throw Ec2Faults.of(site, "DescribeInstances", e);
        }
    }

    private static Stream<Instance> instances(Ec2Client ec2, DescribeInstancesRequest request) {
        return ec2.describeInstancesPaginator(request).reservations().stream()
                .flatMap(r -> r.instances().stream());
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    public void close() {
        clients.close();
    }

    @Override
    public String toString() {
        return "Ec2Driver[" + site + "]";
    }
}
