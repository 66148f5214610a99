package phantom.api.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import phantom.api.ApiError;
import phantom.core.group.SiteCatalog;
import phantom.api.xml.XmlWriter;

/** The EC2 calls as the endpoint runs them, on three sites, one of which needs credentials alice has not set. */
class Ec2CallsTest {
    static final SiteCatalog SITES = new SiteCatalog() {
        @Override
        public List<String> names() {
            return List.of("hotel", "ec2", "sierra");
        }

        @Override
        public List<String> missingCredentials(String owner, String site) {
            return site.equals("ec2") && owner.equals("alice") ? List.of("access_key_id", "secret_access_key") : List.of();
        }
    };
    final Ec2Calls calls = new Ec2Calls(Ec2Actions.all(SITES));

    Document call(String owner, String action, String... nameValues) throws Exception {
        Map<String, String> p = new LinkedHashMap<>(Map.of("Action", action, "Version", "2016-11-15"));
        for (int i = 0; i < nameValues.length; i += 2) p.put(nameValues[i], nameValues[i + 1]);
        byte[] body = XmlWriter.bytes(calls.handle(owner, p, "rid-1"));
        return DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder().parse(new ByteArrayInputStream(body));
    }

    ApiError refused(Map<String, String> parameters) {
        ApiError e = catchThrowableOfType(ApiError.class, () -> calls.handle("alice", parameters, "rid-1"));
        assertThat(e).as("refused: %s", parameters).isNotNull();
        return e;
    }

    ApiError refused(String action, String... nameValues) {
        Map<String, String> p = new LinkedHashMap<>(Map.of("Action", action, "Version", "2016-11-15"));
        for (int i = 0; i < nameValues.length; i += 2) p.put(nameValues[i], nameValues[i + 1]);
        return refused(p);
    }

    /** The text of each direct child {@code name} of every {@code item} of the document's first list. */
    static List<String> column(Document d, String list, String name) {
        List<String> out = new ArrayList<>();
        Node items = d.getElementsByTagName(list).item(0);
        for (Node item = items.getFirstChild(); item != null; item = item.getNextSibling()) {
            for (Node c = item.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c.getNodeName().equals(name)) out.add(c.getTextContent());
            }
        }
        return out;
    }

    @Test
    void zones_are_the_sites_the_caller_can_use_in_configuration_order() throws Exception {
        Document d = call("alice", "DescribeAvailabilityZones");
        Element root = d.getDocumentElement();
        assertThat(root.getNodeName()).isEqualTo("DescribeAvailabilityZonesResponse");
        assertThat(root.getNamespaceURI()).isEqualTo("http://ec2.amazonaws.com/doc/2016-11-15/");
        assertThat(root.getFirstChild().getNodeName()).isEqualTo("requestId");
        assertThat(root.getFirstChild().getTextContent()).isEqualTo("rid-1");
        assertThat(column(d, "availabilityZoneInfo", "zoneName")).containsExactly("hotel", "sierra");
        assertThat(column(d, "availabilityZoneInfo", "zoneId")).containsExactly("hotel", "sierra");
        assertThat(column(d, "availabilityZoneInfo", "zoneState")).containsExactly("available", "available");
        assertThat(column(d, "availabilityZoneInfo", "regionName")).containsExactly("phantom", "phantom");
        assertThat(column(d, "availabilityZoneInfo", "optInStatus")).containsOnly("opt-in-not-required");
        assertThat(column(d, "availabilityZoneInfo", "zoneType")).containsOnly("availability-zone");
        assertThat(column(d, "availabilityZoneInfo", "messageSet")).containsOnly("");

        // bob has the credentials: every site is his
        assertThat(column(call("bob", "DescribeAvailabilityZones"), "availabilityZoneInfo", "zoneName"))
                .containsExactly("hotel", "ec2", "sierra");
    }

    @Test
    void a_site_without_the_callers_credentials_is_listed_on_request_as_not_opted_in_saying_why() throws Exception {
        Document all = call("alice", "DescribeAvailabilityZones", "AllAvailabilityZones", "true");
        assertThat(column(all, "availabilityZoneInfo", "zoneName")).containsExactly("hotel", "ec2", "sierra");
        assertThat(column(all, "availabilityZoneInfo", "optInStatus"))
                .containsExactly("opt-in-not-required", "not-opted-in", "opt-in-not-required");
        assertThat(all.getElementsByTagName("message").item(0).getTextContent())
                .contains("Site 'ec2' needs your cloud credentials (access_key_id, secret_access_key)")
                .contains("phantom credentials set alice ec2");

        Document named = call("alice", "DescribeAvailabilityZones", "ZoneName.1", "ec2");
        assertThat(column(named, "availabilityZoneInfo", "zoneName")).containsExactly("ec2");
        Document byId = call("alice", "DescribeAvailabilityZones", "ZoneId.1", "sierra", "ZoneName.1", "hotel");
        assertThat(column(byId, "availabilityZoneInfo", "zoneName")).containsExactly("hotel", "sierra");
    }


    @Test
    void filters_select_zones_and_every_filter_must_pass() throws Exception {
        assertThat(column(call("bob", "DescribeAvailabilityZones", "Filter.1.Name", "zone-name", "Filter.1.Value.1", "*e*",
                "Filter.2.Name", "zone-name", "Filter.2.Value.1", "s*", "Filter.2.Value.2", "h?tel"),
                "availabilityZoneInfo", "zoneName")).containsExactly("hotel", "sierra");
        assertThat(column(call("bob", "DescribeAvailabilityZones", "Filter.1.Name", "region-name", "Filter.1.Value.1", "us-east-1"),
                "availabilityZoneInfo", "zoneName")).isEmpty();
        assertThat(column(call("alice", "DescribeAvailabilityZones", "AllAvailabilityZones", "true",
                "Filter.1.Name", "opt-in-status", "Filter.1.Value.1", "not-opted-in"), "availabilityZoneInfo", "zoneName"))
                .containsExactly("ec2");
        assertThat(column(call("alice", "DescribeAvailabilityZones", "Filter.1.Name", "state", "Filter.1.Value.1", "available"),
                "availabilityZoneInfo", "zoneName")).containsExactly("hotel", "sierra");
    }

    @Test
    void unknown_zones_and_filters_are_invalid_parameter_values() {
        ApiError zone = refused("DescribeAvailabilityZones", "ZoneName.1", "hotel", "ZoneName.2", "nowhere");
        assertThat(zone.code()).isEqualTo("InvalidParameterValue");
        assertThat(zone.status()).isEqualTo(400);
        assertThat(zone).hasMessage("Invalid availability zone: [nowhere]");
        assertThat(refused("DescribeAvailabilityZones", "ZoneId.1", "use1-az1")).hasMessage("Invalid availability zone ID: [use1-az1]");
        assertThat(refused("DescribeAvailabilityZones", "Filter.1.Name", "color", "Filter.1.Value.1", "red"))
                .hasMessage("The filter 'color' is invalid");
        assertThat(refused("DescribeAvailabilityZones", "Filter.1.Value.1", "red")).hasMessage("The filter 'null' is invalid");
        assertThat(refused("DescribeAvailabilityZones", "Filter.1.Name", "state").getMessage())
                .startsWith("The filter 'state' has no values");
    }

    @Test
    void there_are_no_security_groups_and_one_asked_for_does_not_exist() throws Exception {
        Document d = call("alice", "DescribeSecurityGroups");
        assertThat(d.getDocumentElement().getNodeName()).isEqualTo("DescribeSecurityGroupsResponse");
        assertThat(d.getElementsByTagName("securityGroupInfo").item(0).getChildNodes().getLength()).isZero();
        assertThat(d.getElementsByTagName("nextToken").getLength()).isZero();
        Document filtered = call("alice", "DescribeSecurityGroups", "Filter.1.Name", "vpc-id", "Filter.1.Value.1", "vpc-1",
                "MaxResults", "5");
        assertThat(filtered.getElementsByTagName("securityGroupInfo").item(0).getChildNodes().getLength()).isZero();

        ApiError byName = refused("DescribeSecurityGroups", "GroupName.1", "default");
        assertThat(byName.code()).isEqualTo("InvalidGroup.NotFound");
        assertThat(byName).hasMessage("The security group 'default' does not exist");
        assertThat(refused("DescribeSecurityGroups", "GroupId.1", "sg-12345678").code()).isEqualTo("InvalidGroup.NotFound");
        assertThat(refused("DescribeSecurityGroups", "NextToken", "abc").code()).isEqualTo("InvalidPaginationToken");
        ApiError max = refused("DescribeSecurityGroups", "MaxResults", "4");
        assertThat(max.code()).isEqualTo("InvalidParameterValue");
        assertThat(max.getMessage()).contains("from 5 to 1000");
    }

    @Test
    void a_dry_run_that_would_succeed_says_so() {
        ApiError e = refused("DescribeAvailabilityZones", "DryRun", "true");
        assertThat(e.code()).isEqualTo("DryRunOperation");
        assertThat(e.status()).isEqualTo(412);
        assertThat(refused("DescribeSecurityGroups", "DryRun", "true").code()).isEqualTo("DryRunOperation");
        // a dry run of a bad request is refused for what is wrong with it
        assertThat(refused("DescribeAvailabilityZones", "DryRun", "true", "ZoneName", "x").code()).isEqualTo("InvalidParameter");
    }

    @Test
    void no_parameters_make_anything_but_an_answer_or_a_client_error() {
        String[] parts = {"Filter", "ZoneName", "ZoneId", "GroupId", "GroupName", "DryRun", "MaxResults", "NextToken",
            "AllAvailabilityZones", "Name", "Value", "1", "2", "0", "01", "1001", "x", "", "member"};
        String[] values = {"", "x", "true", "FALSE", "1", "-1", "99999999999", "*", "\\", "sg-1", "hotel", "ec2", "zone-name"};
        java.util.Random random = new java.util.Random(12);
        int answered = 0;
        for (int n = 0; n < 3000; n++) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("Action", random.nextBoolean() ? "DescribeAvailabilityZones" : "DescribeSecurityGroups");
            p.put("Version", "2016-11-15");
            for (int k = random.nextInt(4); k >= 0; k--) {
                StringBuilder name = new StringBuilder(parts[random.nextInt(9)]);
                for (int d = random.nextInt(4); d > 0; d--) name.append('.').append(parts[random.nextInt(parts.length)]);
                p.put(name.toString(), values[random.nextInt(values.length)]);
            }
            try {
                calls.handle("alice", p, "rid");
                answered++;
            } catch (ApiError e) {
                assertThat(e.status()).as("%s -> %s %s", p, e.code(), e.getMessage()).isBetween(400, 499);
            }
        }
        assertThat(answered).as("some of them are answered").isPositive();
    }

    @Test
    void other_ec2_calls_and_versions_are_unsupported_operations_naming_what_is_answered() {
        ApiError run = refused("RunInstances", "ImageId", "ami-1");
        assertThat(run.code()).isEqualTo("UnsupportedOperation");
        assertThat(run.status()).isEqualTo(400);
        assertThat(run).hasMessage("Phantom answers only the EC2 calls DescribeAvailabilityZones, DescribeSecurityGroups"
                + " on its Auto Scaling endpoint; RunInstances is not one of them.");
        ApiError old = refused(Map.of("Action", "DescribeAvailabilityZones", "Version", "2014-10-01"));
        assertThat(old.code()).isEqualTo("UnsupportedOperation");
        assertThat(old).hasMessage("Phantom answers EC2 calls of API version 2016-11-15 only, not 2014-10-01.");
        assertThat(refused(Map.of("Action", "DescribeAvailabilityZones")).code()).isEqualTo("MissingParameter");
        assertThat(refused(Map.of("Version", "2016-11-15")).code()).isEqualTo("MissingAction");
        assertThat(calls.answers("DescribeAvailabilityZones")).isTrue();
        assertThat(calls.answers("RunInstances")).isFalse();
    }
}
