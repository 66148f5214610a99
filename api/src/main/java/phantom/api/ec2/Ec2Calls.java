package phantom.api.ec2;

import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import phantom.api.ApiError;
import phantom.api.Dialect;
import phantom.api.query.QueryParams;

/**
 * The EC2 calls Phantom answers on its Auto Scaling endpoint, and the refusal of every other EC2
 * call, in EC2's codes: {@code MissingAction}, {@code UnsupportedOperation} (an EC2 call Phantom does
 * not answer, or another API version), {@code MissingParameter} ({@code Version}), the parameter
 * errors of {@link Ec2Params}, and {@code DryRunOperation} for a {@code DryRun} that would have
 * succeeded. The endpoint has authenticated the request and knows it speaks {@link Dialect#EC2}.
 */
public final class Ec2Calls {
    private final Map<String, Ec2Action> actions = new LinkedHashMap<>();

    public Ec2Calls(List<Ec2Action> actions) {
        actions.forEach(a -> {
            a.input(); // every call declares its parameters, or the server does not start
            this.actions.put(a.name(), a);
        });
    }

    /** Whether {@code action} is one of the calls answered (for the request metrics' bounded labels). */
    public boolean answers(String action) {
        return actions.containsKey(action);
    }

    /**
     * @param parameters the request's verified parameters, known to be XML-legal text ({@link QueryParams#of})
     * @return the response body of the call the parameters name
     */
    public ByteBuffer handle(String owner, Map<String, String> parameters, String requestId) {
        String name = parameters.get("Action");
        if (name == null || name.isEmpty()) {
            throw new ApiError("MissingAction", 400, "The request must contain the parameter Action.");
        }
        Ec2Action call = actions.get(name);
        if (call == null) throw Ec2Errors.unsupported(name, actions.keySet());
        String version = parameters.get("Version");
        if (version == null) {
            throw new ApiError("MissingParameter", 400, "The request must contain the parameter Version.");
        }
        if (!Dialect.EC2.version().equals(version)) {
            throw new ApiError("UnsupportedOperation", 400, "Phantom answers EC2 calls of API version "
                    + Dialect.EC2.version() + " only, not " + Ec2Errors.shown(version) + ".");
        }
        Ec2Params p = Ec2Params.of(call.input(), parameters);
        if (Boolean.TRUE.equals(p.bool("DryRun"))) throw Ec2Errors.dryRun();
        return call.handle(owner, p, requestId);
    }
}
