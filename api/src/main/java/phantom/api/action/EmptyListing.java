package phantom.api.action;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;

/**
 * A listing of something a Phantom group can never have (notification configurations, a warm pool,
 * traffic sources): the request is checked as AWS checks it, a named group must exist, and the true
 * answer is an empty list. Tools that read a group's whole state call these, and an error would stop
 * them for nothing; the calls that would create such things are refused with the reason
 * ({@link UnsupportedOperations}).
 */
final class EmptyListing implements Action {
    private final ActionContext ctx;
    private final String name;
    private final String listMember;
    private final Consumer<QueryParams> otherParameters;
    private final boolean oneGroupRequired;
    private final int maxRecords;

    private EmptyListing(ActionContext ctx, String name, String listMember, boolean oneGroupRequired, int maxRecords,
            Consumer<QueryParams> otherParameters) {
        this.ctx = ctx;
        this.name = name;
        this.listMember = listMember;
        this.oneGroupRequired = oneGroupRequired;
        this.maxRecords = maxRecords;
        this.otherParameters = otherParameters;
    }

    static List<Action> all(ActionContext ctx) {
        return List.of(
                new EmptyListing(ctx, "DescribeNotificationConfigurations", "NotificationConfigurations", false, 100,
                        p -> p.strings("AutoScalingGroupNames", 100, 1, 255)),
                new EmptyListing(ctx, "DescribeWarmPool", "Instances", true, 50, p -> { }),
                new EmptyListing(ctx, "DescribeTrafficSources", "TrafficSources", true, 50,
                        p -> p.string("TrafficSourceType", 1, 255)));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String group = oneGroupRequired ? p.requiredString("AutoScalingGroupName", 1, 255) : null;
        otherParameters.accept(p);
        Page.max(p, Math.min(50, maxRecords), maxRecords);
        Page.after(p); // a token from elsewhere is refused as in the other listings
        if (group != null) ctx.groups().group(owner, group); // an unknown group is refused
        return XmlWriter.response(name).begin(name + "Result").list(listMember, List.of(), (x, item) -> { })
                .end().finish(requestId);
    }
}
