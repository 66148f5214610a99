package phantom.api.action;

import java.util.ArrayList;
import java.util.List;

/** Every action the API answers. */
public final class Actions {
    private Actions() {
    }

    public static List<Action> all(ActionContext ctx) {
        List<Action> all = new ArrayList<>(List.of(
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
                new SetInstanceHealth(ctx)));
        all.addAll(DescribeTypes.all());
        return List.copyOf(all);
    }
}
