package phantom.server;

import static org.assertj.core.api.Assertions.assertThat;
import static phantom.server.ApiErrors.error;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.BatchPutScheduledUpdateGroupActionResponse;
import software.amazon.awssdk.services.autoscaling.model.DescribeScheduledActionsResponse;
import software.amazon.awssdk.services.autoscaling.model.FailedScheduledUpdateGroupActionRequest;
import software.amazon.awssdk.services.autoscaling.model.PutScheduledUpdateGroupActionRequest;
import software.amazon.awssdk.services.autoscaling.model.ScheduledUpdateGroupAction;
import software.amazon.awssdk.services.autoscaling.model.ScheduledUpdateGroupActionRequest;

/**
 * The scheduled actions through the AWS SDK for Java v2 over HTTP against the packaged server: the
 * five actions, their errors, the runs on time (a group's sizes change, with AWS's cause), a run due
 * while the server was down made after its restart, and a group's actions deleted with it.
 */
class ScheduledActionsApiTest {
    static RunningPhantom phantom;
    static AutoScalingClient alice;

    @BeforeAll
    static void start() throws Exception {
        phantom = RunningPhantom.start();
        alice = phantom.client(phantom.user("alice"));
        alice.createLaunchConfiguration(r -> r.launchConfigurationName("web@hotel").imageId("ami-1").instanceType("m1.small"));
        for (String g : List.of("plan", "errors", "batch", "pages", "runs", "restart", "gone")) {
            alice.createAutoScalingGroup(r -> r.autoScalingGroupName(g).launchConfigurationName("web@hotel").minSize(0).maxSize(4)
                    .desiredCapacity(0));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        phantom.close();
    }

    static Instant in(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.SECONDS);
    }

    static List<ScheduledUpdateGroupAction> actions(String group) {
        return alice.describeScheduledActions(r -> r.autoScalingGroupName(group)).scheduledUpdateGroupActions();
    }

    static AwsServiceException putError(Consumer<PutScheduledUpdateGroupActionRequest.Builder> b) {
        return error(() -> alice.putScheduledUpdateGroupAction(r -> b.accept(r.autoScalingGroupName("errors").scheduledActionName("bad"))));
    }

    static void validation(AwsServiceException e, String message) {
        assertThat(e.statusCode()).isEqualTo(400);
        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationError");
        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo(message);
    }

    @Test
    void a_put_action_is_described_as_aws_answers_it() {
        Instant start = in(Duration.ofDays(2));
        alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("plan").scheduledActionName("once").startTime(start)
                .minSize(1).maxSize(3).desiredCapacity(2));
        alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("plan").scheduledActionName("weekdays")
                .recurrence("30 8 * * 1-5").timeZone("Europe/Paris").desiredCapacity(3));
        List<ScheduledUpdateGroupAction> all = actions("plan");
        assertThat(all).extracting(ScheduledUpdateGroupAction::scheduledActionName).containsExactly("once", "weekdays");
        ScheduledUpdateGroupAction once = all.get(0);
        assertThat(once.autoScalingGroupName()).isEqualTo("plan");
        assertThat(once.startTime()).isEqualTo(start);
        assertThat(once.time()).isEqualTo(start);
        assertThat(once.minSize()).isEqualTo(1);
        assertThat(once.maxSize()).isEqualTo(3);
        assertThat(once.desiredCapacity()).isEqualTo(2);
        assertThat(once.recurrence()).isNull();
        assertThat(once.scheduledActionARN()).matches("arn:aws:autoscaling:phantom:\\d{12}:scheduledUpdateGroupAction:"
                + "[0-9a-f-]{36}:autoScalingGroupName/plan:scheduledActionName/once");
        ScheduledUpdateGroupAction weekdays = all.get(1);
        assertThat(weekdays.recurrence()).isEqualTo("30 8 * * 1-5");
        assertThat(weekdays.timeZone()).isEqualTo("Europe/Paris");
        assertThat(weekdays.minSize()).isNull();
        assertThat(weekdays.startTime()).as("the next 08:30 in Paris").isAfter(Instant.now());
        assertThat(weekdays.startTime().atZone(java.time.ZoneId.of("Europe/Paris")).getHour()).isEqualTo(8);

        // a Put of the same name updates the action: what it does not give stays, the ARN too
        alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("plan").scheduledActionName("once").desiredCapacity(3));
        ScheduledUpdateGroupAction updated = actions("plan").get(0);
        assertThat(updated.desiredCapacity()).isEqualTo(3);
        assertThat(updated.minSize()).isEqualTo(1);
        assertThat(updated.startTime()).isEqualTo(start);
        assertThat(updated.scheduledActionARN()).isEqualTo(once.scheduledActionARN());

        alice.deleteScheduledAction(r -> r.autoScalingGroupName("plan").scheduledActionName("once"));
        assertThat(actions("plan")).extracting(ScheduledUpdateGroupAction::scheduledActionName).containsExactly("weekdays");
    }

    @Test
    void bad_requests_get_aws_errors_and_change_nothing() {
        validation(putError(r -> r.startTime(in(Duration.ofMinutes(-5))).desiredCapacity(1)), "Given start time is in the past");
        validation(putError(r -> r.startTime(in(Duration.ofHours(2))).endTime(in(Duration.ofHours(1))).recurrence("0 * * * *")
                .desiredCapacity(1)), "Given end time must be after the start time");
        validation(putError(r -> r.recurrence("every day").desiredCapacity(1)), "Given recurrence is not a valid cron expression:"
                + " 'every day' (five fields: minute, hour, day of month, month, day of week).");
        validation(putError(r -> r.recurrence("0 8 * * *").timeZone("Nowhere/Special").desiredCapacity(1)),
                "Invalid time zone: 'Nowhere/Special'. Give an IANA time zone name, such as Etc/GMT+9 or America/New_York.");
        validation(putError(r -> r.startTime(in(Duration.ofHours(1)))),
                "At least one of MinSize, MaxSize or DesiredCapacity must be specified.");
        validation(putError(r -> r.startTime(in(Duration.ofHours(1))).minSize(3).maxSize(2)),
                "Max bound, 2, must be greater than or equal to min bound, 3");
        validation(error(() -> alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("nope").scheduledActionName("a")
                .startTime(in(Duration.ofHours(1))).desiredCapacity(1))), "AutoScalingGroup name not found - AutoScalingGroup 'nope' not found");
        validation(error(() -> alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("errors").startTime(in(Duration.ofHours(1))))),
                "1 validation error detected: Value null at 'ScheduledActionName' failed to satisfy constraint: Member must not be null");
        validation(error(() -> alice.deleteScheduledAction(r -> r.autoScalingGroupName("errors").scheduledActionName("none"))),
                "Scheduled action name not found");
        assertThat(actions("errors")).isEmpty();

        // at most 125 per group: the 126th is LimitExceeded
        for (int batch = 0; batch < 3; batch++) {
            List<ScheduledUpdateGroupActionRequest> entries = new ArrayList<>();
            for (int i = 0; i < (batch < 2 ? 50 : 25); i++) {
                int n = batch * 50 + i;
                entries.add(ScheduledUpdateGroupActionRequest.builder().scheduledActionName("a" + n)
                        .startTime(in(Duration.ofDays(1).plusMinutes(n))).desiredCapacity(1).build());
            }
            assertThat(alice.batchPutScheduledUpdateGroupAction(r -> r.autoScalingGroupName("errors")
                    .scheduledUpdateGroupActions(entries)).failedScheduledUpdateGroupActions()).isEmpty();
        }
        AwsServiceException limit = putError(r -> r.startTime(in(Duration.ofHours(1))).desiredCapacity(1));
        assertThat(limit.awsErrorDetails().errorCode()).isEqualTo("LimitExceeded");
        assertThat(limit.awsErrorDetails().errorMessage()).isEqualTo("Maximum number of scheduled actions per group reached: 125.");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) names.add("a" + i);
        for (int i = 0; i < 3; i++) {
            List<String> slice = new ArrayList<>();
            for (int j = i * 50; j < Math.min(125, i * 50 + 50); j++) slice.add("a" + j);
            assertThat(alice.batchDeleteScheduledAction(r -> r.autoScalingGroupName("errors").scheduledActionNames(slice))
                    .failedScheduledActions()).isEmpty();
        }
        assertThat(actions("errors")).isEmpty();
    }

    @Test
    void batches_answer_each_failed_entry_with_its_error() {
        BatchPutScheduledUpdateGroupActionResponse put = alice.batchPutScheduledUpdateGroupAction(r -> r.autoScalingGroupName("batch")
                .scheduledUpdateGroupActions(
                        ScheduledUpdateGroupActionRequest.builder().scheduledActionName("good").startTime(in(Duration.ofHours(3)))
                                .maxSize(2).build(),
                        ScheduledUpdateGroupActionRequest.builder().scheduledActionName("past").startTime(in(Duration.ofHours(-3)))
                                .maxSize(2).build(),
                        ScheduledUpdateGroupActionRequest.builder().scheduledActionName("cron").recurrence("* * *").maxSize(2).build()));
        assertThat(put.failedScheduledUpdateGroupActions()).extracting(FailedScheduledUpdateGroupActionRequest::scheduledActionName,
                FailedScheduledUpdateGroupActionRequest::errorCode, FailedScheduledUpdateGroupActionRequest::errorMessage)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("past", "ValidationError", "Given start time is in the past"),
                        org.assertj.core.groups.Tuple.tuple("cron", "ValidationError", "Given recurrence is not a valid cron expression:"
                                + " '* * *' (five fields: minute, hour, day of month, month, day of week)."));
        assertThat(actions("batch")).extracting(ScheduledUpdateGroupAction::scheduledActionName).containsExactly("good");

        assertThat(alice.batchDeleteScheduledAction(r -> r.autoScalingGroupName("batch").scheduledActionNames("good", "never"))
                .failedScheduledActions()).extracting(FailedScheduledUpdateGroupActionRequest::scheduledActionName,
                        FailedScheduledUpdateGroupActionRequest::errorCode, FailedScheduledUpdateGroupActionRequest::errorMessage)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("never", "ValidationError", "Scheduled action name not found"));
        assertThat(actions("batch")).isEmpty();
        validation(error(() -> alice.batchDeleteScheduledAction(r -> r.autoScalingGroupName("batch").scheduledActionNames(List.of()))),
                "1 validation error detected: Value '0' at 'ScheduledActionNames' failed to satisfy constraint: Member must have"
                        + " length less than or equal to 50 and greater than or equal to 1");
    }

    @Test
    void describe_filters_by_name_and_time_and_pages() {
        Instant base = in(Duration.ofDays(3));
        for (int i = 0; i < 5; i++) {
            Instant at = base.plus(Duration.ofHours(i));
            String name = "p" + i;
            alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("pages").scheduledActionName(name).startTime(at).desiredCapacity(1));
        }
        assertThat(alice.describeScheduledActions(r -> r.autoScalingGroupName("pages").scheduledActionNames("p3", "p9"))
                .scheduledUpdateGroupActions()).extracting(ScheduledUpdateGroupAction::scheduledActionName).containsExactly("p3");
        assertThat(alice.describeScheduledActions(r -> r.autoScalingGroupName("pages").startTime(base.plus(Duration.ofHours(1)))
                .endTime(base.plus(Duration.ofHours(3)))).scheduledUpdateGroupActions())
                .extracting(ScheduledUpdateGroupAction::scheduledActionName).containsExactly("p1", "p2", "p3");

        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            String t = token;
            DescribeScheduledActionsResponse page = alice.describeScheduledActions(r -> r.autoScalingGroupName("pages").maxRecords(2)
                    .nextToken(t));
            assertThat(page.scheduledUpdateGroupActions()).hasSizeLessThanOrEqualTo(2);
            page.scheduledUpdateGroupActions().forEach(a -> seen.add(a.scheduledActionName()));
            token = page.nextToken();
        } while (token != null);
        assertThat(seen).containsExactly("p0", "p1", "p2", "p3", "p4");
        assertThat(error(() -> alice.describeScheduledActions(r -> r.nextToken("garbage"))).awsErrorDetails().errorCode())
                .isEqualTo("InvalidNextToken");
        validation(error(() -> alice.describeScheduledActions(r -> r.maxRecords(101))), "1 validation error detected: Value '101'"
                + " at 'MaxRecords' failed to satisfy constraint: Member must have value between 1 and 100");
    }

    @Test
    void a_due_action_changes_the_group_and_records_the_cause_and_a_one_time_action_goes() {
        Instant at = in(Duration.ofSeconds(3));
        alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("runs").scheduledActionName("up").startTime(at).minSize(1)
                .desiredCapacity(2));
        Eventually.await("the scheduled action ran", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> GroupApiTest.describe(alice, "runs").desiredCapacity(), d -> d == 2);
        assertThat(GroupApiTest.describe(alice, "runs").minSize()).isEqualTo(1);
        assertThat(actions("runs")).as("a one-time action is deleted after it runs").isEmpty();
        List<Activity> activities = alice.describeScalingActivities(r -> r.autoScalingGroupName("runs")).activities();
        assertThat(activities).anySatisfy(a -> assertThat(a.cause()).matches("At \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ a scheduled"
                + " action update of AutoScalingGroup constraints to min: 1, max: 4, desired: 2 changing the desired capacity"
                + " from 0 to 2\\."));
        Eventually.await("the engine launched the VMs", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> GroupApiTest.describe(alice, "runs").instances().size(), n -> n == 2);
    }

    @Test
    void a_run_due_while_the_server_was_down_is_made_after_the_restart_and_deleting_the_group_deletes_its_actions()
            throws Exception {
        alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("gone").scheduledActionName("nightly")
                .recurrence("0 3 * * *").maxSize(3));
        Instant at = in(Duration.ofSeconds(4));
        alice.putScheduledUpdateGroupAction(r -> r.autoScalingGroupName("restart").scheduledActionName("while-down").startTime(at)
                .maxSize(2));
        phantom.stop();
        while (Instant.now().isBefore(at.plusSeconds(1))) Thread.sleep(200);
        phantom.startAgain();
        Eventually.await("the missed run was made", Duration.ofSeconds(30), Duration.ofMillis(200),
                () -> GroupApiTest.describe(alice, "restart").maxSize(), m -> m == 2);
        assertThat(actions("restart")).isEmpty();
        assertThat(actions("gone")).extracting(ScheduledUpdateGroupAction::recurrence).containsExactly("0 3 * * *");

        alice.deleteAutoScalingGroup(r -> r.autoScalingGroupName("gone"));
        assertThat(actions("gone")).isEmpty();
        assertThat(alice.describeScheduledActions().scheduledUpdateGroupActions())
                .noneMatch(a -> a.autoScalingGroupName().equals("gone"));
    }
}
