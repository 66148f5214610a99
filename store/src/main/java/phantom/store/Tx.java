package phantom.store;

/**
 * One database transaction, handed to a {@link Database.Work}: the repositories all act on it.
 * Valid only while the work runs.
 */
public final class Tx {
    private final Sql sql;
    private final Users users;
    private final LaunchConfigurations launchConfigurations;
    private final Groups groups;
    private final Instances instances;
    private final Activities activities;
    private final ScalingPolicies policies;
    private final SiteHealths siteHealth;
    private final CloudCredentialRows credentials;
    private final InstallationRow installation;
    private final ClusterRows cluster;
    private final ScheduledActions scheduledActions;

    Tx(Sql sql) {
        this.sql = sql;
        this.users = new Users(sql);
        this.launchConfigurations = new LaunchConfigurations(sql);
        this.groups = new Groups(sql);
        this.instances = new Instances(sql);
        this.activities = new Activities(sql);
        this.policies = new ScalingPolicies(sql);
        this.siteHealth = new SiteHealths(sql);
        this.credentials = new CloudCredentialRows(sql);
        this.installation = new InstallationRow(sql);
        this.cluster = new ClusterRows(sql);
        this.scheduledActions = new ScheduledActions(sql);
    }

    public Users users() {
        return users;
    }

    public LaunchConfigurations launchConfigurations() {
        return launchConfigurations;
    }

    public Groups groups() {
        return groups;
    }

    public Instances instances() {
        return instances;
    }

    public ScheduledActions scheduledActions() {
        return scheduledActions;
    }

    public Activities activities() {
        return activities;
    }

    public ScalingPolicies policies() {
        return policies;
    }

    public SiteHealths siteHealth() {
        return siteHealth;
    }

    public CloudCredentialRows credentials() {
        return credentials;
    }

    public InstallationRow installation() {
        return installation;
    }

    /** The cluster's node heartbeats and shard leases (PostgreSQL only). */
    public ClusterRows cluster() {
        return cluster;
    }

    /**
     * Waits until no other transaction of any node holds the lock named {@code name}, then holds it
     * until this one ends: for rows made on first use that two nodes starting at once could both
     * make (the first user, for instance).
     */
    public void exclusively(String name) {
        sql.exclusively(name);
    }

    /** The statements of this transaction, for the store's own housekeeping (e.g. {@link H2Import}). */
    Sql sql() {
        return sql;
    }

    void end() {
        sql.end();
    }
}
