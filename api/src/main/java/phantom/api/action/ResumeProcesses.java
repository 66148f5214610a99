package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.query.QueryParams;
import phantom.api.xml.XmlWriter;
import phantom.core.group.Processes;

/** Resumes the named processes of a group, or all of them when none is named; one not suspended stays so ({@link Processes}). */
final class ResumeProcesses implements Action {
    private final ActionContext ctx;

    ResumeProcesses(ActionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public String name() {
        return "ResumeProcesses";
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams p, String requestId) {
        String name = p.requiredString("AutoScalingGroupName", 1, 255);
        var processes = Processes.named(p.strings("ScalingProcesses", 100, 1, 255));
        ctx.groups().resumeProcesses(owner, name, processes);
        return XmlWriter.response(name()).finish(requestId);
    }
}
