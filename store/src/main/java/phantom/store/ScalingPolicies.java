package phantom.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import phantom.core.model.AdjustmentType;
import phantom.core.model.PolicyType;
import phantom.core.model.ScalingPolicy;
import phantom.core.model.StepAdjustment;

/** Scaling policies, keyed by (group id, name); {@link Groups#delete} removes a group's. */
public final class ScalingPolicies {
    private static final String COLUMNS = "group_id, owner, group_name, name, uuid, policy_type, adjustment_type,"
            + " min_adjustment_magnitude, scaling_adjustment, cooldown, metric_aggregation_type, step_adjustments,"
            + " estimated_instance_warmup, enabled, created_time";

    private final Sql sql;

    ScalingPolicies(Sql sql) {
        this.sql = sql;
    }

    /** Stores {@code p}, replacing the group's policy of that name if there is one (its uuid then stays). */
    public void put(ScalingPolicy p) {
        sql.update("DELETE FROM scaling_policies WHERE group_id = ? AND name = ?", p.groupId(), p.name());
        sql.update("INSERT INTO scaling_policies (" + COLUMNS + ") VALUES (" + Sql.marks(15) + ")",
                p.groupId(), p.owner(), p.groupName(), p.name(), p.uuid(), p.type(), p.adjustmentType(),
                p.minAdjustmentMagnitude(), p.scalingAdjustment(), p.cooldown(), p.metricAggregationType(),
                encode(p.stepAdjustments()), p.estimatedInstanceWarmup(), p.enabled(), p.createdTime());
    }

    public Optional<ScalingPolicy> get(long groupId, String name) {
        return sql.first("SELECT " + COLUMNS + " FROM scaling_policies WHERE group_id = ? AND name = ?",
                ScalingPolicies::policy, groupId, name);
    }

    /** The owner's policy with this uuid (the id in its ARN). */
    public Optional<ScalingPolicy> byUuid(String owner, String uuid) {
        return sql.first("SELECT " + COLUMNS + " FROM scaling_policies WHERE owner = ? AND uuid = ?",
                ScalingPolicies::policy, owner, uuid);
    }

    /** The owner's policies, of the group named {@code groupName} when it is not null, by group name then name. */
    public List<ScalingPolicy> list(String owner, String groupName) {
        String order = " ORDER BY " + sql.codePointOrder("group_name") + ", " + sql.codePointOrder("name");
        return groupName == null
                ? sql.list("SELECT " + COLUMNS + " FROM scaling_policies WHERE owner = ?" + order, ScalingPolicies::policy, owner)
                : sql.list("SELECT " + COLUMNS + " FROM scaling_policies WHERE owner = ? AND group_name = ?" + order,
                        ScalingPolicies::policy, owner, groupName);
    }

    public int count(long groupId) {
        return sql.count("SELECT COUNT(*) FROM scaling_policies WHERE group_id = ?", groupId);
    }

    public boolean delete(long groupId, String name) {
        return sql.update("DELETE FROM scaling_policies WHERE group_id = ? AND name = ?", groupId, name) > 0;
    }

    /** Deletes every policy of the group (with the group). */
    void deleteOfGroup(long groupId) {
        sql.update("DELETE FROM scaling_policies WHERE group_id = ?", groupId);
    }

    static String encode(List<StepAdjustment> steps) {
        List<String> lines = new ArrayList<>();
        for (StepAdjustment s : steps) {
            lines.add(bound(s.lowerBound()) + " " + bound(s.upperBound()) + " " + s.scalingAdjustment());
        }
        return TextList.encode(lines);
    }

    static List<StepAdjustment> decode(String text) {
        List<StepAdjustment> out = new ArrayList<>();
        for (String line : TextList.decode(text)) {
            String[] f = line.split(" ", -1);
            if (f.length != 3) throw new StoreException("a stored step adjustment is not 'lower upper adjustment': '" + line + "'");
            try {
                out.add(new StepAdjustment(f[0].isEmpty() ? null : Double.valueOf(f[0]), f[1].isEmpty() ? null : Double.valueOf(f[1]),
                        Integer.parseInt(f[2])));
            } catch (NumberFormatException e) {
                throw new StoreException("a stored step adjustment is not 'lower upper adjustment': '" + line + "'");
            }
        }
        return out;
    }

    private static String bound(Double d) {
        return d == null ? "" : Double.toString(d);
    }

    private static ScalingPolicy policy(ResultSet rs) throws SQLException {
        return new ScalingPolicy(
                rs.getLong("group_id"),
                rs.getString("owner"),
                rs.getString("group_name"),
                rs.getString("name"),
                rs.getString("uuid"),
                Sql.enumValue(rs, "policy_type", PolicyType.class),
                Sql.enumValue(rs, "adjustment_type", AdjustmentType.class),
                Sql.nullableInt(rs, "min_adjustment_magnitude"),
                Sql.nullableInt(rs, "scaling_adjustment"),
                Sql.nullableInt(rs, "cooldown"),
                rs.getString("metric_aggregation_type"),
                decode(rs.getString("step_adjustments")),
                Sql.nullableInt(rs, "estimated_instance_warmup"),
                rs.getBoolean("enabled"),
                Sql.instant(rs, "created_time"));
    }
}
