package phantom.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.store.Examples.at;
import static phantom.store.Examples.group;
import static phantom.store.Examples.siteHealth;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import phantom.core.driver.FaultClass;
import phantom.core.model.SiteHealth;

class SiteHealthsTest extends DatabaseTest {
    long web;
    long other;

    @BeforeEach
    void groups() {
        web = db.transaction(tx -> tx.groups().insert(group("alice", "web"))).id();
        other = db.transaction(tx -> tx.groups().insert(group("alice", "other"))).id();
    }

    @Test
    void putInsertsThenReplaces() {
        SiteHealth first = siteHealth(web, "hotel");
        write(tx -> tx.siteHealth().put(first));
        assertThat(db.read((Tx tx) -> tx.siteHealth().get(web, "hotel"))).contains(first);

        SiteHealth second = new SiteHealth(web, "hotel", 4, FaultClass.CONFIG, "InvalidAMIID.NotFound", null, "fp-2", at(60));
        write(tx -> tx.siteHealth().put(second));
        assertThat(db.read((Tx tx) -> tx.siteHealth().get(web, "hotel"))).contains(second);
        assertThat(db.read((Tx tx) -> tx.siteHealth().forGroup(web))).hasSize(1);
    }

    @Test
    void freshHealthRoundTripsItsNulls() {
        SiteHealth fresh = SiteHealth.fresh(web, "sierra");
        write(tx -> tx.siteHealth().put(fresh));

        assertThat(db.read((Tx tx) -> tx.siteHealth().get(web, "sierra"))).contains(fresh);
        assertThat(db.read((Tx tx) -> tx.siteHealth().get(web, "hotel"))).isEmpty();
    }

    @Test
    void forGroupIsKeyedBySiteInSiteOrder() {
        write(tx -> {
            tx.siteHealth().put(siteHealth(web, "sierra"));
            tx.siteHealth().put(SiteHealth.fresh(web, "alamo"));
            tx.siteHealth().put(siteHealth(web, Examples.TRICKY));
            tx.siteHealth().put(siteHealth(other, "hotel"));
        });

        assertThat(db.read((Tx tx) -> tx.siteHealth().forGroup(web))).containsExactly(
                java.util.Map.entry("alamo", SiteHealth.fresh(web, "alamo")),
                java.util.Map.entry("sierra", siteHealth(web, "sierra")),
                java.util.Map.entry(Examples.TRICKY, siteHealth(web, Examples.TRICKY)));
    }

    @Test
    void deleteForGroupLeavesOtherGroups() {
        write(tx -> {
            tx.siteHealth().put(siteHealth(web, "hotel"));
            tx.siteHealth().put(siteHealth(web, "sierra"));
            tx.siteHealth().put(siteHealth(other, "hotel"));
        });
        write(tx -> tx.siteHealth().deleteForGroup(web));

        assertThat(db.read((Tx tx) -> tx.siteHealth().forGroup(web))).isEmpty();
        assertThat(db.read((Tx tx) -> tx.siteHealth().forGroup(other))).containsOnlyKeys("hotel");
    }

    @Test
    void healthOfAnUnknownGroupIsRefused() {
        assertThatThrownBy(() -> write(tx -> tx.siteHealth().put(siteHealth(987654, "hotel"))))
                .isInstanceOf(StoreException.class);
    }

    @Test
    void allHoldsEveryGroupsRows() {
        write(tx -> {
            tx.siteHealth().put(Examples.siteHealth(web, "sierra"));
            tx.siteHealth().put(Examples.siteHealth(web, "hotel"));
            tx.siteHealth().put(Examples.siteHealth(other, "hotel"));
        });

        assertThat(db.read((Tx tx) -> tx.siteHealth().all()))
                .containsExactlyInAnyOrder(Examples.siteHealth(web, "sierra"), Examples.siteHealth(web, "hotel"),
                        Examples.siteHealth(other, "hotel"));
    }
}
