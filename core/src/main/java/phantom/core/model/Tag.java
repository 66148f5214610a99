package phantom.core.model;

/** A group tag, as AWS Auto Scaling models it. */
public record Tag(String key, String value, boolean propagateAtLaunch) {
    public Tag {
        if (key == null) throw new IllegalArgumentException("tag key is null");
        if (value == null) value = "";
    }
}
