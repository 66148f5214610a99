package phantom.store;

import java.util.List;

/**
 * A condition on one tag row of a group for the Describe queries: the column's value is one of
 * {@code values} (none matches nothing).
 */
public record TagCondition(Column column, List<?> values) {
    public TagCondition {
        values = List.copyOf(values);
    }

    /**
     * The tag row's columns a condition can name (the group's name through its join); the value is
     * the one the group shows (derived for the tags that show a field of the group).
     */
    public enum Column {
        GROUP_NAME("g.name"),
        KEY("t.tag_key"),
        VALUE(GroupRow.SHOWN_TAG_VALUE),
        PROPAGATE_AT_LAUNCH("t.propagate_at_launch");

        final String sql;

        Column(String sql) {
            this.sql = sql;
        }
    }

    /** {@code AND column IN (...)} for this condition, its values appended to {@code params}. */
    String sql(List<Object> params) {
        if (values.isEmpty()) return " AND 1 = 0";
        params.addAll(values);
        return " AND " + column.sql + " IN (" + Sql.marks(values.size()) + ")";
    }
}
