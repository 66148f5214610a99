package phantom.core.group;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phantom.core.model.LaunchConfiguration;
import phantom.core.model.SitePreference;

/** The synchronous check of a cloud list: every site configured, covered by a launch configuration, with credentials. */
class PlacementTest {
    /** hotel and sierra need no credentials; ec2-east needs alice's, which she has not set. */
    private static final SiteCatalog SITES = new SiteCatalog() {
        @Override
        public List<String> names() {
            return List.of("hotel", "sierra", "ec2-east");
        }

        @Override
        public List<String> missingCredentials(String owner, String site) {
            return Map.of("ec2-east", List.of("access_key_id", "secret_access_key")).getOrDefault(site, List.of());
        }
    };

    private static LaunchConfiguration lc(String name) {
        return new LaunchConfiguration("alice", name, "uuid-" + name, "ami-1", "m1.small", null, List.of(), null, null, null, null,
                false, null, null, null, null, null, null, null, Instant.EPOCH);
    }

    private static List<SitePreference> clouds(String text) {
        return SitePreference.parseList(text);
    }

    private static void refused(List<LaunchConfiguration> lcs, List<SitePreference> clouds, String message) {
        assertThatThrownBy(() -> Placement.check(SITES, "alice", "web", lcs, clouds)).isInstanceOf(Refusal.class).hasMessage(message);
    }

    @Test
    void everySiteNeedsALaunchConfigurationOfTheFamilyOrAPlainOne() {
        assertThatCode(() -> Placement.check(SITES, "alice", "web", List.of(lc("web@hotel"), lc("web@sierra")),
                clouds("hotel:2,sierra:-1"))).doesNotThrowAnyException();
        assertThatCode(() -> Placement.check(SITES, "alice", "web", List.of(lc("web")), clouds("hotel:2,sierra:-1")))
                .doesNotThrowAnyException();
        refused(List.of(lc("web@hotel")), clouds("hotel:2,sierra:-1"), "The group runs on site 'sierra' but you have no launch"
                + " configuration web@sierra (or a plain web) for it: create it, or remove the site.");
        refused(List.of(), clouds("hotel:1"), "Launch configuration name not found - no launch configuration named web or"
                + " web@<site> exists. Create one with CreateLaunchConfiguration first.");
        refused(List.of(lc("web")), List.of(), "The group's cloud list is empty: name at least one site.");
    }

    @Test
    void everySiteMustBeConfiguredAndHaveTheUsersCredentials() {
        refused(List.of(lc("web")), clouds("hotle:1"), "Site 'hotle' is not configured (did you mean 'hotel'?). Known sites:"
                + " hotel, sierra, ec2-east.");
        refused(List.of(lc("web")), clouds("hotel:1,ec2-east:-1"), "Site 'ec2-east' needs your cloud credentials (access_key_id,"
                + " secret_access_key) and you have none set: ask the operator to run 'phantom credentials set alice ec2-east ...'.");
    }
}
