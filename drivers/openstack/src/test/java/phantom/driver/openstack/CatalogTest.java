package phantom.driver.openstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;
import phantom.core.driver.CloudFault;
import phantom.core.driver.FaultClass;

class CatalogTest {
    static final String TWO_REGIONS = """
            [{"type": "compute", "name": "nova", "endpoints": [
               {"interface": "public",   "region_id": "RegionOne", "region": "RegionOne", "url": "https://one.example/v2.1/"},
               {"interface": "internal", "region_id": "RegionOne", "region": "RegionOne", "url": "http://10.0.0.1:8774/v2.1"},
               {"interface": "public",   "region_id": "KVM@TACC",  "region": "KVM@TACC",  "url": "https://tacc.example/v2.1"}]},
             {"type": "image", "name": "glance", "endpoints": [
               {"interface": "public", "region_id": "RegionOne", "url": "https://one.example:9292"}]}]""";

    Catalog catalog() throws Exception {
        return new Catalog(FakeOpenStack.JSON.readTree(TWO_REGIONS));
    }

    @Test
    void picks_the_endpoint_of_the_region_and_interface() throws Exception {
        assertThat(catalog().endpoint("compute", "RegionOne", "public")).contains(URI.create("https://one.example/v2.1"));
        assertThat(catalog().endpoint("compute", "RegionOne", "internal")).contains(URI.create("http://10.0.0.1:8774/v2.1"));
        assertThat(catalog().endpoint("compute", "KVM@TACC", "public")).contains(URI.create("https://tacc.example/v2.1"));
        assertThat(catalog().endpoint("image", null, "public")).contains(URI.create("https://one.example:9292"));
        assertThat(catalog().endpoint("network", null, "public")).isEmpty();
    }

    @Test
    void several_regions_and_no_region_option_is_a_config_fault_naming_them() {
        assertThatThrownBy(() -> catalog().endpoint("compute", null, "public")).isInstanceOfSatisfying(CloudFault.class,
                f -> {
                    assertThat(f.faultClass()).isEqualTo(FaultClass.CONFIG);
                    assertThat(f.getMessage()).contains("KVM@TACC", "RegionOne", "region");
                });
    }

    @Test
    void an_unknown_region_is_a_config_fault_naming_the_known_ones() {
        assertThatThrownBy(() -> catalog().endpoint("compute", "RegionTwo", "public"))
                .isInstanceOfSatisfying(CloudFault.class, f -> assertThat(f.getMessage()).contains("RegionTwo", "KVM@TACC"));
    }
}
