package phantom.api;

/**
 * The two Query dialects spoken on Phantom's one endpoint: AWS Auto Scaling (API version 2011-01-01,
 * every action) and the few EC2 calls tools make on the same endpoint (API version 2016-11-15),
 * each with its own namespace, list form and error document (docs/wire-protocol.md §4). Which one a
 * request speaks, and which SigV4 credential scope service it may be signed for, are decided here.
 */
public enum Dialect {
    AUTO_SCALING(ApiEndpoint.VERSION, "autoscaling"),
    EC2("2016-11-15", "ec2");

    private final String version;
    private final String service;

    Dialect(String version, String service) {
        this.version = version;
        this.service = service;
    }

    /** The API version this dialect's calls carry in {@code Version}. */
    public String version() {
        return version;
    }

    /**
     * The dialect of a request: the one whose API version it names; for any other {@code Version}
     * (or none), EC2 when it is signed for the service {@code ec2}, else Auto Scaling.
     *
     * @param scopeService the service of the request's SigV4 credential scope; null when unknown or
     *     when the request is signed with SigV2, which has no scope
     */
    public static Dialect of(String version, String scopeService) {
        if (AUTO_SCALING.version.equals(version)) return AUTO_SCALING;
        if (EC2.version.equals(version)) return EC2;
        return EC2.service.equals(scopeService) ? EC2 : AUTO_SCALING;
    }

    /**
     * Checks the service a SigV4 signature is scoped to: an EC2 call must be signed for {@code ec2},
     * and {@code ec2} is accepted for EC2 calls only. An Auto Scaling call may name any other service
     * (boto 2 signs {@code 127.0.0.1} as service {@code 127}).
     *
     * @param scopeService null for SigV2, which has no scope and passes
     * @throws ApiError {@code SignatureDoesNotMatch} (403) in AWS's words, naming the service to sign for
     */
    public void checkScope(String scopeService) {
        if (scopeService == null) return;
        boolean forEc2 = scopeService.equals(EC2.service);
        if (forEc2 != (this == EC2)) {
            throw new ApiError("SignatureDoesNotMatch", 403,
                    "Credential should be scoped to correct service: '" + service + "'.");
        }
    }
}
