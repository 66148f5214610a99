package phantom.api.ec2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import phantom.api.ApiError;

class Ec2ParamsTest {
    static final phantom.api.query.Shape.Struct ZONES = Ec2Shapes.of("DescribeAvailabilityZones");
    static final phantom.api.query.Shape.Struct GROUPS = Ec2Shapes.of("DescribeSecurityGroups");

    static Map<String, String> params(String... nameValues) {
        Map<String, String> m = new LinkedHashMap<>(Map.of("Action", "DescribeAvailabilityZones", "Version", "2016-11-15"));
        for (int i = 0; i < nameValues.length; i += 2) m.put(nameValues[i], nameValues[i + 1]);
        return m;
    }

    static ApiError refused(phantom.api.query.Shape.Struct shape, String... nameValues) {
        ApiError e = catchThrowableOfType(ApiError.class, () -> Ec2Params.of(shape, params(nameValues)));
        assertThat(e).as("refused: %s", List.of(nameValues)).isNotNull();
        return e;
    }

    @Test
    void flat_lists_are_read_in_index_order_and_absent_ones_are_empty() {
        Ec2Params p = Ec2Params.of(ZONES, params("ZoneName.2", "sierra", "ZoneName.1", "hotel", "ZoneName.10", "alamo"));
        assertThat(p.strings("ZoneName")).containsExactly("hotel", "sierra", "alamo");
        assertThat(p.strings("ZoneId")).isEmpty();
        assertThat(Ec2Params.of(ZONES, params("ZoneName", "")).strings("ZoneName")).isEmpty();
    }

    @Test
    void filters_are_read_with_their_values() {
        Ec2Params p = Ec2Params.of(ZONES, params("Filter.2.Name", "state", "Filter.2.Value.1", "available",
                "Filter.1.Name", "zone-name", "Filter.1.Value.2", "s*", "Filter.1.Value.1", "hotel"));
        assertThat(p.filters()).containsExactly(new Ec2Filter("zone-name", List.of("hotel", "s*")),
                new Ec2Filter("state", List.of("available")));
        assertThat(Ec2Params.of(ZONES, params("Filter.1.Value.1", "x")).filters())
                .containsExactly(new Ec2Filter(null, List.of("x")));
    }

    @Test
    void scalars_are_typed_and_unknown_parameters_ignored() {
        Ec2Params p = Ec2Params.of(GROUPS, params("DryRun", "TRUE", "MaxResults", " 10 ", "Unknown.member.1", "x",
                "X-Amz-Date", "20261124T000000Z"));
        assertThat(p.bool("DryRun")).isTrue();
        assertThat(p.integer("MaxResults")).isEqualTo(10);
        assertThat(p.string("NextToken")).isNull();
    }

    @Test
    void the_auto_scaling_list_form_and_bad_indexes_are_refused_naming_the_parameter() {
        for (String[] bad : List.of(new String[] {"ZoneName.member.1", "hotel"}, new String[] {"ZoneName.0", "hotel"},
                new String[] {"ZoneName.1001", "hotel"}, new String[] {"ZoneName.01", "hotel"},
                new String[] {"ZoneName.1.x", "hotel"}, new String[] {"Filter.x.Name", "state"})) {
            ApiError e = refused(ZONES, bad);
            assertThat(e.code()).isEqualTo("InvalidParameter");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(bad[0].substring(0, bad[0].indexOf('.')));
        }
    }

    @Test
    void values_where_lists_or_structures_go_are_refused() {
        ApiError list = refused(ZONES, "ZoneName", "hotel");
        assertThat(list.code()).isEqualTo("InvalidParameter");
        assertThat(list.getMessage()).isEqualTo("Parameter ZoneName is a list: send ZoneName.1, ZoneName.2, ...");
        ApiError struct = refused(ZONES, "Filter.1", "state");
        assertThat(struct.getMessage()).contains("Filter.1 is a structure");
        ApiError scalar = refused(ZONES, "DryRun.1", "true");
        assertThat(scalar.getMessage()).contains("DryRun is a boolean");
    }

    @Test
    void values_of_the_wrong_type_are_invalid_parameter_values() {
        ApiError bool = refused(ZONES, "DryRun", "yes");
        assertThat(bool.code()).isEqualTo("InvalidParameterValue");
        assertThat(bool.getMessage()).isEqualTo("Value (yes) for parameter DryRun is invalid: it must be true or false.");
        assertThat(refused(GROUPS, "MaxResults", "ten").code()).isEqualTo("InvalidParameterValue");
        assertThat(refused(GROUPS, "MaxResults", "99999999999").code()).isEqualTo("InvalidParameterValue");
    }
}
