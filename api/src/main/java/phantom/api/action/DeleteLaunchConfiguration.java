package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;

/** Deletes a launch configuration that no live group uses. */
final class DeleteLaunchConfiguration implements Action {
    private final ActionContext ctx;

    DeleteLaunchConfiguration(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DeleteLaunchConfiguration";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("LaunchConfigurationName", 1, 255);
        ctx.transaction(tx -> {
            if (tx.launchConfigurations().get(owner, name).isEmpty()) {
                throw ApiError.validation("Launch configuration name not found - Launch configuration " + name + " not found");
            }
            List<Group> users = tx.groups().usingLaunchConfiguration(owner, name).stream()
                    .filter(g -> !g.deleting())
                    .toList();
            if (!users.isEmpty()) {
                throw ApiError.resourceInUse("Cannot delete launch configuration " + name
                        + " because it is attached to AutoScalingGroup " + users.get(0).name());
            }
            tx.launchConfigurations().delete(owner, name);
            return null;
        });
        return XmlWriter.response(name()).finish(requestId);
    }
}
