package phantom.api.action;

import java.nio.ByteBuffer;
import phantom.api.ApiError;
import phantom.api.query.QueryParams;
import phantom.api.query.Shape;
import phantom.core.group.Refusal;

/**
 * An action whose refusals by the group rules are answered as the AWS errors they name: every action
 * of {@link Actions#all} is one, so whoever runs an action (the endpoint, the console) gets
 * {@link ApiError}s only.
 */
final class RefusalAnswered implements Action {
    private final Action action;

    RefusalAnswered(Action action) {
        this.action = action;
    }

    @Override
    public String name() {
        return action.name();
    }

    @Override
    public Shape.Struct input() {
        return action.input();
    }

    @Override
    public ByteBuffer handle(String owner, QueryParams params, String requestId) {
        try {
            return action.handle(owner, params, requestId);
        } catch (Refusal r) {
            throw ApiError.of(r);
        }
    }
}
