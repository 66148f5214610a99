package phantom.api.action;

import phantom.api.ApiError;
import phantom.core.model.Group;
import phantom.store.Tx;

/** Looks up the caller's group by name with AWS's not-found error. */
final class Groups {
    private Groups() {
    }

    static Group require(Tx tx, String owner, String name) {
        return tx.groups().get(owner, name).orElseThrow(() -> notFound(name));
    }

    static ApiError notFound(String name) {
        return ApiError.validation("AutoScalingGroup name not found - AutoScalingGroup '" + name + "' not found");
    }
}
