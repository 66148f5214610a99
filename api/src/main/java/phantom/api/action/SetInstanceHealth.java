package phantom.api.action;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;
import phantom.core.model.Instance;

/**
 * Marks a VM Healthy or Unhealthy. An Unhealthy VM is terminated and replaced by the engine, at the
 * most preferred site with room. ShouldRespectGracePeriod (default true) ignores an Unhealthy report
 * made within the group's HealthCheckGracePeriod of the VM's launch.
 */
final class SetInstanceHealth implements Action {
    private final ActionContext ctx;

    SetInstanceHealth(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "SetInstanceHealth";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String id = p.requiredString("InstanceId", 1, 64);
        String status = p.requiredString("HealthStatus", 1, 32);
        if (!status.equals("Healthy") && !status.equals("Unhealthy")) {
            throw ApiError.validation("Valid requests must contain HealthStatus Healthy or Unhealthy, got '" + status + "'.");
        }
        Boolean respect = p.bool("ShouldRespectGracePeriod");
        Instant now = ctx.clock().instant();
        Long changed = ctx.transaction(tx -> {
            Instance i = tx.instances().byVisibleId(owner, id).filter(x -> x.state().live())
                    .orElseThrow(() -> TerminateInstanceInAutoScalingGroup.notFound(id));
            Group g = tx.groups().byId(i.groupId()).orElseThrow(() -> TerminateInstanceInAutoScalingGroup.notFound(id));
            if (status.equals("Healthy") || i.healthy() == false) return null;
            boolean inGrace = now.isBefore(i.createdTime().plus(Duration.ofSeconds(g.healthCheckGracePeriod())));
            if ((respect == null || respect) && inGrace) return null;
            tx.instances().update(i.unhealthy("marked Unhealthy by a user request (SetInstanceHealth)", now));
            return g.id();
        });
        if (changed != null) ctx.groupChanged().groupChanged(changed);
        return XmlWriter.response(name()).finish(requestId);
    }
}
