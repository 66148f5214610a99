package phantom.api.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static phantom.api.query.Shape.ANY;
import static phantom.api.query.Shape.BOOLEAN;
import static phantom.api.query.Shape.INTEGER;
import static phantom.api.query.Shape.STRING;
import static phantom.api.query.Shape.list;
import static phantom.api.query.Shape.struct;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import phantom.api.ApiError;

class ShapeTest {
    static final Shape.Struct INPUT = struct("Name", STRING, "Size", INTEGER, "Force", BOOLEAN,
            "Names", list(STRING), "Tags", list(struct("Key", STRING, "Values", list(STRING))),
            "Monitoring", struct("Enabled", BOOLEAN), "Template", ANY);

    static Map<String, String> params(String spec) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Action", "X");
        m.put("Signature", "s");
        for (String pair : spec.split("&")) {
            int eq = pair.indexOf('=');
            m.put(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return m;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Name=web&Size=3&Force=TRUE&Names.member.1=a&Names.member.1000=b",
        "Tags.member.1.Key=k&Tags.member.1.Values.member.2=v&Monitoring.Enabled=false",
        "Names=&Tags=&Template.Anything.member.7.Goes=x&Template=x",
        "Unknown=1&Unknown.member.x.y=2&Tags.member.1.Unknown=3",
    })
    void parameters_that_fit_pass(String spec) {
        assertThatCode(() -> Shape.check(INPUT, params(spec))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Tags.member.1=x|Tags.member.1 is a structure",
        "Monitoring=true|Monitoring is a structure",
        "Names=x|Names is a list",
        "Tags.member.1.Values=v|Tags.member.1.Values is a list",
        "Name.member.1=x|Name is a string",
        "Size.Value=3|Size is an integer",
        "Names.member.0=a|Names is a list, sent as Names.member.N",
        "Names.member.1001=a|Names is a list, sent as Names.member.N",
        "Names.member.x=a|Names is a list, sent as Names.member.N",
        "Names.1=a|Names is a list, sent as Names.member.N",
        "Tags.member.-1.Key=a|Tags is a list, sent as Tags.member.N",
        "Size=abc|Member must be an integer",
        "Size=99999999999|Member must be an integer",
        "Size=1.5|Member must be an integer",
        "Force=yes|Member must be a boolean",
    })
    void parameters_that_do_not_fit_are_a_validation_error(String spec, String message) {
        assertThatThrownBy(() -> Shape.check(INPUT, params(spec))).isInstanceOfSatisfying(ApiError.class, e -> {
            assertThat(e.code()).isEqualTo("ValidationError");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains(message);
        });
    }
}
