package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * Lists a group's instance refreshes. Phantom does not yet run instance refreshes
 * ({@code StartInstanceRefresh} is refused as an unknown action), so a group has none and the list is
 * empty: the true answer, which Ansible's instance-refresh module reads before it starts one.
 */
final class DescribeInstanceRefreshes implements Action {
    private final ActionContext ctx;

    DescribeInstanceRefreshes(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeInstanceRefreshes";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        p.strings("InstanceRefreshIds", 50, 1, 255);
        Page.max(p, 50, 100);
        Page.after(p); // a token from elsewhere is refused as in the other listings
        ctx.groups().group(owner, name); // an unknown group is refused
        return XmlWriter.response(name()).begin(name() + "Result").list("InstanceRefreshes", java.util.List.of(), (x, r) -> { })
                .end().finish(requestId);
    }
}
