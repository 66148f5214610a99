package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;
import static phantom.server.GroupApiTest.describe;
import static phantom.server.GroupApiTest.tagValue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.DescribeTagsResponse;
import software.amazon.awssdk.services.autoscaling.model.LimitExceededException;
import software.amazon.awssdk.services.autoscaling.model.Tag;
import software.amazon.awssdk.services.autoscaling.model.TagDescription;

/** CreateOrUpdateTags, DeleteTags and DescribeTags, including the Phantom tags that reconfigure a group. */
class TagApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
        for (String site : List.of("hotel", "sierra")) {
            alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@" + site).imageId("ami").instanceType("t"));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static Tag tag(String group, String key, String value) {
        return Tag.builder().resourceId(group).resourceType("auto-scaling-group").key(key).value(value).propagateAtLaunch(true).build();
    }

    private static void group(String name) {
        alice.createAutoScalingGroup(r -> r.autoScalingGroupName(name).launchConfigurationName("web@hotel").minSize(1).maxSize(1)
                .tags(GroupApiTest.tag("clouds", "hotel:1"), GroupApiTest.tag("n_preserve", "1")));
    }

    @Test
    void tags_are_added_overwritten_deleted_and_described_in_order() {
        group("t1");
        alice.createOrUpdateTags(r -> r.tags(tag("t1", "b", "1"), tag("t1", "a", "2")));
        alice.createOrUpdateTags(r -> r.tags(tag("t1", "b", "3")));
        AutoScalingGroup g = describe(alice, "t1");
        assertThat(tagValue(g, "b")).isEqualTo("3");
        assertThat(tagValue(g, "a")).isEqualTo("2");

        List<TagDescription> tags = alice.describeTags(r -> r.filters(f -> f.name("auto-scaling-group").values("t1"))).tags();
        assertThat(tags).extracting(TagDescription::key).containsExactly("a", "b", "clouds", "n_preserve");
        assertThat(tags.get(0).propagateAtLaunch()).isTrue();

        // boto 2 sends Value=None for a value-less tag: deletion matches on the key alone
        alice.deleteTags(r -> r.tags(tag("t1", "a", "None"), tag("t1", "missing", "")));
        assertThat(tagValue(describe(alice, "t1"), "a")).isNull();
    }

    @Test
    void describe_tags_filters_and_paginates() {
        group("t2");
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 12; i++) many.add(tag("t2", String.format("k%02d", i), i % 3 == 0 ? "x" : "y"));
        alice.createOrUpdateTags(r -> r.tags(many));
        assertThat(alice.describeTags(r -> r.filters(f -> f.name("auto-scaling-group").values("t2"),
                f -> f.name("value").values("x"))).tags()).hasSize(4);
        assertThat(alice.describeTags(r -> r.filters(f -> f.name("key").values("k01", "k02"))).tags()).hasSize(2);
        assertThat(alice.describeTags(r -> r.filters(f -> f.name("propagate-at-launch").values("false"),
                f -> f.name("auto-scaling-group").values("t2"))).tags()).extracting(TagDescription::key)
                .containsExactly("clouds", "n_preserve");
        DescribeTagsResponse page = alice.describeTags(r -> r.maxRecords(5).filters(f -> f.name("auto-scaling-group").values("t2")));
        assertThat(page.tags()).hasSize(5);
        assertThat(page.nextToken()).isNotNull();
        List<String> all = alice.describeTagsPaginator(r -> r.maxRecords(5).filters(f -> f.name("auto-scaling-group").values("t2")))
                .tags().stream().map(TagDescription::key).toList();
        assertThat(all).hasSize(14).doesNotHaveDuplicates().isSorted();
        assertThat(error(() -> alice.describeTags(r -> r.filters(f -> f.name("colour").values("x")))).awsErrorDetails().errorMessage())
                .contains("Allowed Filter types are: auto-scaling-group key value propagate-at-launch");
    }

    @Test
    void phantom_tags_reconfigure_a_live_group_with_the_same_checks_as_create() {
        group("t3");
        alice.createOrUpdateTags(r -> r.tags(tag("t3", "clouds", "hotel:1,sierra:-1"), tag("t3", "n_preserve", "4")));
        AutoScalingGroup g = describe(alice, "t3");
        assertThat(g.availabilityZones()).containsExactly("hotel", "sierra");
        assertThat(g.desiredCapacity()).isEqualTo(4);
        assertThat(g.maxSize()).isEqualTo(4);

        assertThat(error(() -> alice.createOrUpdateTags(r -> r.tags(tag("t3", "clouds", "foxtrot:2")))).awsErrorDetails().errorMessage())
                .contains("no launch configuration web@foxtrot");
        assertThat(error(() -> alice.createOrUpdateTags(r -> r.tags(tag("t3", "n_preserve", "lots")))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        assertThat(error(() -> alice.deleteTags(r -> r.tags(tag("t3", "clouds", "")))).awsErrorDetails().errorMessage())
                .contains("cannot be deleted");
        AutoScalingGroup unchanged = describe(alice, "t3");
        assertThat(tagValue(unchanged, "clouds")).isEqualTo("hotel:1,sierra:-1");
        assertThat(unchanged.desiredCapacity()).isEqualTo(4);
    }

    @Test
    void a_request_that_fails_for_one_group_changes_no_group() {
        group("t4");
        assertThat(error(() -> alice.createOrUpdateTags(r -> r.tags(tag("t4", "ok", "1"), tag("ghost", "k", "v"))))
                .awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(tagValue(describe(alice, "t4"), "ok")).isNull();
    }

    @Test
    void more_than_fifty_tags_is_limit_exceeded_and_bad_tags_are_refused() {
        group("t5");
        List<Tag> many = new ArrayList<>();
        for (int i = 0; i < 49; i++) many.add(tag("t5", "k" + i, "v"));
        assertThat(error(() -> alice.createOrUpdateTags(r -> r.tags(many)))).isInstanceOf(LimitExceededException.class);
        assertThat(error(() -> alice.createOrUpdateTags(r -> r.tags(tag("t5", "aws:reserved", "v")))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        assertThat(error(() -> alice.createOrUpdateTags(r -> r.tags(tag("t5", "k".repeat(129), "v")))).awsErrorDetails().errorCode())
                .isEqualTo("ValidationError");
        assertThat(error(() -> alice.createOrUpdateTags(r -> r.tags(Tag.builder().resourceId("t5").resourceType("instance")
                .key("k").value("v").build()))).awsErrorDetails().errorMessage()).contains("auto-scaling-group");
        assertThat(describe(alice, "t5").tags()).hasSize(2);
    }
}
