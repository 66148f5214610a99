package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/** The caller's limits and how much of them is used. */
final class DescribeAccountLimits implements Action {
    private final ActionContext ctx;

    DescribeAccountLimits(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "DescribeAccountLimits";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        int[] used = ctx.db().read(tx -> new int[] {tx.groups().count(owner), tx.launchConfigurations().count(owner)});
        return XmlWriter.response(name()).begin(name() + "Result")
                .number("MaxNumberOfAutoScalingGroups", ctx.limits().maxGroups())
                .number("MaxNumberOfLaunchConfigurations", ctx.limits().maxLaunchConfigurations())
                .number("NumberOfAutoScalingGroups", used[0])
                .number("NumberOfLaunchConfigurations", used[1])
                .end().finish(requestId);
    }
}
