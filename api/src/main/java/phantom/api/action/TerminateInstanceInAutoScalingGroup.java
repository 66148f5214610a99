package phantom.api.action;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.UUID;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.ActivityStatus;
import phantom.core.model.Group;
import phantom.core.model.Instance;
import phantom.core.model.InstanceState;
import phantom.core.model.ScalingActivity;

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
        Instant now = ctx.clock().instant();
        record Done(ScalingActivity activity, Group group) {
        }
        Done done = ctx.transaction(tx -> {
            Instance i = tx.instances().byVisibleId(owner, id)
                    .filter(x -> x.state().live())
                    .orElseThrow(() -> notFound(id));
            Group g = tx.groups().byId(i.groupId()).orElseThrow(() -> notFound(id));
            if (g.deleting()) throw SetDesiredCapacity.beingDeleted(g.name());
            int before = g.desiredCapacity();
            String cause;
            if (decrement) {
                if (!g.phantom() && before - 1 < g.minSize()) {
                    throw ApiError.validation("Currently, desiredSize equals minSize (" + g.minSize() + "). Terminating "
                            + "instance without replacement will violate group's min size constraint. Either set "
                            + "shouldDecrementDesiredCapacity flag to false or lower group's min size.");
                }
                tx.groups().update(SetDesiredCapacity.resize(g, Math.max(0, before - 1), ctx.limits().maxGroupSize()));
                cause = "At " + XmlWriter.time(now) + " instance " + i.visibleId() + " was taken out of service in response "
                        + "to a user request, shrinking the capacity from " + before + " to " + Math.max(0, before - 1) + ".";
            } else {
                cause = "At " + XmlWriter.time(now) + " instance " + i.visibleId() + " was taken out of service in response "
                        + "to a user request.";
            }
            tx.instances().update(i.with(InstanceState.TERMINATING, "taken out of service in response to a user request", now));
            ScalingActivity a = new ScalingActivity(UUID.randomUUID().toString(), g.id(), owner, g.name(),
                    "Terminating EC2 instance: " + i.visibleId(), cause, now, null, ActivityStatus.InProgress, null, 0,
                    "{\"Availability Zone\":\"" + i.site() + "\"}");
            tx.activities().insert(a);
            return new Done(a, g);
        });
        ctx.groupChanged().groupChanged(done.group().id());
        XmlWriter x = XmlWriter.response(name()).begin(name() + "Result").begin("Activity");
        DescribeScalingActivities.render(x, done.activity());
        x.text("AutoScalingGroupARN", Arns.group(owner, done.group().uuid(), done.group().name()));
        return x.end().end().finish(requestId);
    }

    static ApiError notFound(String id) {
        return ApiError.validation("Instance Id not found - No managed instance found for instance ID: " + id);
    }
}
