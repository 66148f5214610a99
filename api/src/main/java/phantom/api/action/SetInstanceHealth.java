package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

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
        ctx.groups().setInstanceHealth(owner, id, status.equals("Healthy"), respect == null || respect);
        return XmlWriter.response(name()).finish(requestId);
    }
}
