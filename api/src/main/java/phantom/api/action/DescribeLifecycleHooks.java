package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * Lists a group's lifecycle hooks. Phantom does not yet run lifecycle hooks ({@code PutLifecycleHook}
 * is refused as an unknown action), so a group has none and the list is empty: the true answer, which
 * tools that read a group's whole state (Ansible's {@code autoscaling_group_info}) need.
 */
final class DescribeLifecycleHooks implements Action {
    private final ActionContext ctx;

    DescribeLifecycleHooks(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeLifecycleHooks";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        p.strings("LifecycleHookNames", 50, 1, 255);
        ctx.groups().group(owner, name); // an unknown group is refused
        return XmlWriter.response(name()).begin(name() + "Result").list("LifecycleHooks", java.util.List.of(), (x, h) -> { })
                .end().finish(requestId);
    }
}
