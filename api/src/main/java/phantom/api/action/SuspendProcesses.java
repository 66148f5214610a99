package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.Processes;

/** Suspends the named processes of a group, or all of them when none is named ({@link Processes}). */
final class SuspendProcesses implements Action {
    private final ActionContext ctx;

    SuspendProcesses(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "SuspendProcesses";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        var processes = Processes.named(p.strings("ScalingProcesses", 100, 1, 255));
        ctx.groups().suspendProcesses(owner, name, processes);
        return XmlWriter.response(name()).finish(requestId);
    }
}
