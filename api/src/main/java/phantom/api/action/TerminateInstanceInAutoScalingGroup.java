package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.groups.GroupService;

/**
 * Terminates one VM of a group, with or without lowering the desired count. The VM is marked
 * {@code TERMINATING} (the intent, durable) and the reconciler terminates it in the cloud; without
 * the decrement the group's next pass launches a replacement.
 */
final class TerminateInstanceInAutoScalingGroup implements Action {
    private final ActionContext ctx;

    TerminateInstanceInAutoScalingGroup(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "TerminateInstanceInAutoScalingGroup";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String id = p.requiredString("InstanceId", 1, 64);
        boolean decrement = p.requiredBool("ShouldDecrementDesiredCapacity");
        GroupService.Termination done = ctx.groups().terminateInstance(owner, id, decrement);
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result").begin("Activity");
        DescribeScalingActivities.render(x, done.activity());
        x.text("AutoScalingGroupARN", Arns.group(owner, done.group().uuid(), done.group().name()));
        return x.end().end().finish(requestId);
    }
}
