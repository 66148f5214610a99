package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.model.Group;

/**
 * Sets a group's desired count. On a Phantom group any 0 <= N <= the service limit succeeds and
 * the violated bound moves to N (scripts of the original set min = max = N); on a plain group the
 * AWS bounds rule applies. The n_preserve tag follows the count.
 */
final class SetDesiredCapacity implements Action {
    private final ActionContext ctx;

    SetDesiredCapacity(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "SetDesiredCapacity";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        int n = p.requiredInteger("DesiredCapacity");
        p.bool("HonorCooldown");
        long id = ctx.transaction(tx -> {
            Group g = Groups.require(tx, owner, name);
            if (g.deleting()) throw beingDeleted(name);
            tx.groups().update(resize(g, n, ctx.limits().maxGroupSize()));
            return g.id();
        });
        ctx.groupChanged().groupChanged(id);
        return XmlWriter.response(name()).finish(requestId);
    }

    /** The group with desired count n, under the Phantom or the plain rule. */
    static Group resize(Group g, int n, int limit) {
        int min = g.minSize();
        int max = g.maxSize();
        if (g.phantom()) {
            if (n < 0 || n > limit) {
                throw ApiError.validation("New SetDesiredCapacity value " + n + " is outside 0.." + limit
                        + ", this service's limit for one group.");
            }
            min = Math.min(min, n);
            max = Math.max(max, n);
        } else if (n > max) {
            throw ApiError.validation("New SetDesiredCapacity value " + n + " is above max value " + max
                    + " for the AutoScalingGroup.");
        } else if (n < min) {
            throw ApiError.validation("New SetDesiredCapacity value " + n + " is below min value " + min
                    + " for the AutoScalingGroup.");
        }
        return g.withSpec(min, max, n, g.clouds(), g.phantom(), PhantomTags.withCount(g.tags(), n));
    }

    static ApiError beingDeleted(String name) {
        return ApiError.validation("AutoScalingGroup '" + name + "' is being deleted.");
    }
}
