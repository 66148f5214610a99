package phantom.driver.openstack;

import java.io.IOException;
import java.time.Clock;
import java.util.List;

/**
 * The OpenStack driver's HTTP fake of Keystone and Nova ({@link FakeOpenStack}, from the driver's
 * test-jar) for tests outside the driver: the server's tests run it in the test JVM on loopback and
 * point a packaged Phantom's {@code openstack} site at it.
 */
public final class OpenStackCloud implements AutoCloseable {
    public static final String IMAGE = "cirros-0.6.2";
    public static final String FLAVOR = "m1.small";
    public static final String PROJECT = "demo";

    private final FakeOpenStack cloud;

    /** A fake with one project and one user (name and password) in it. */
    public OpenStackCloud(String user, String password) throws IOException {
        cloud = new FakeOpenStack(Clock.systemUTC());
        cloud.addUser(user, password, PROJECT);
    }

    /** The Keystone v3 URL: the site's {@code auth_url}. */
    public String authUrl() {
        return cloud.authUrl();
    }

    /** The compute hosts finish booting: every server being built becomes ACTIVE. */
    public void bootAll() {
        cloud.nova.boot();
    }

    /** The ids of the servers the cloud holds that nobody has asked to delete. */
    public List<String> liveServers() {
        return cloud.nova.servers().stream().filter(s -> !"deleting".equals(s.taskState)).map(s -> s.id).toList();
    }

    @Override
    public void close() {
        cloud.close();
    }
}
