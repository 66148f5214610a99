package phantom.api.action;

import java.util.List;
import java.util.stream.Stream;

/** Every action the API answers, each answering a refusal of the group rules as its AWS error. */
public final class Actions {
    private Actions() {
    }

    public static List<Action> all(ActionContext ctx) {
        return Stream.concat(Stream.of(
                new CreateLaunchConfiguration(ctx),
                new DeleteLaunchConfiguration(ctx),
                new DescribeLaunchConfigurations(ctx),
                new CreateAutoScalingGroup(ctx),
                new UpdateAutoScalingGroup(ctx),
                new DeleteAutoScalingGroup(ctx),
                new DescribeAutoScalingGroups(ctx),
                new SetDesiredCapacity(ctx),
                new CreateOrUpdateTags(ctx),
                new DeleteTags(ctx),
                new DescribeTags(ctx),
                new DescribeAccountLimits(ctx),
                new DescribeAutoScalingInstances(ctx),
                new DescribeScalingActivities(ctx),
                new TerminateInstanceInAutoScalingGroup(ctx),
                new SetInstanceHealth(ctx),
                new DescribeLifecycleHooks(ctx),
                new DescribeInstanceRefreshes(ctx),
                new SetInstanceProtection(ctx),
                new PutScalingPolicy(ctx),
                new ExecutePolicy(ctx),
                new DescribePolicies(ctx),
                new DeletePolicy(ctx),
                new PutScheduledUpdateGroupAction(ctx),
                new BatchPutScheduledUpdateGroupAction(ctx),
                new DeleteScheduledAction(ctx),
                new BatchDeleteScheduledAction(ctx),
                new DescribeScheduledActions(ctx),
                new SuspendProcesses(ctx),
                new ResumeProcesses(ctx),
                new EnableMetricsCollection(ctx),
                new DisableMetricsCollection(ctx),
                new EnterStandby(ctx),
                new ExitStandby(ctx)), Stream.concat(DescribeTypes.all().stream(), EmptyListing.all(ctx).stream()))
                .<Action>map(RefusalAnswered::new).toList();
    }
}
