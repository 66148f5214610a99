package phantom.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import phantom.core.model.SitePreference;
import phantom.server.view.GroupDetail;
import phantom.server.view.GroupOverview;
import phantom.server.view.Overviews;

class ConsolePagesTest {
    static final String NASTY = "<script>alert('x')</script>&\"";

    @Test
    void escapesEveryValue() {
        assertThat(Html.esc(NASTY)).isEqualTo("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
        assertThat(Html.esc("a\u0000b")).isEqualTo("a\uFFFDb");
        assertThat(Html.esc(null)).isEmpty();
    }

    private static GroupDetail detail(String name) {
        var g = phantom.server.view.OverviewsTest.group(1, "alice", name, 3,
                List.of(new SitePreference(NASTY, 2), new SitePreference("hotel", -1)));
        GroupOverview o = Overviews.of(new Overviews.Rows(List.of(g), List.of(), List.of()), phantom.server.view.OverviewsTest.NOW).get(0);
        return new GroupDetail(o, Map.of(), List.of());
    }

    @Test
    void aGroupPageHasOneH1ALangAndALabelForEveryInput() {
        String html = ConsolePages.group(new ConsolePages.Viewer(NASTY, "tok"), new String[] {NASTY, "error"}, detail(NASTY));
        assertThat(html).doesNotContain("<script>alert").contains("&lt;script&gt;");
        assertThat(html).startsWith("<!DOCTYPE html>\n<html lang=\"en\">");
        assertThat(count(html, "<h1")).isEqualTo(1);
        Matcher inputs = Pattern.compile("<input ([^>]*)>").matcher(html);
        int visible = 0;
        while (inputs.find()) {
            String attrs = inputs.group(1);
            if (attrs.contains("type=\"hidden\"")) continue;
            visible++;
            Matcher id = Pattern.compile("id=\"([^\"]+)\"").matcher(attrs);
            assertThat(id.find()).as("input %s has an id", attrs).isTrue();
            assertThat(html).contains("<label for=\"" + id.group(1) + "\">");
        }
        assertThat(visible).isEqualTo(1);
        String login = ConsolePages.login(null);
        assertThat(login).contains("name=\"access_key_id\"", "name=\"secret_access_key\"", "<label for=\"access_key_id\">",
                "<label for=\"secret_access_key\">");
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int k = s.indexOf(what); k >= 0; k = s.indexOf(what, k + 1)) n++;
        return n;
    }
}
