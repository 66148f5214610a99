package phantom.server;

/** A listen address, {@code host:port} (IPv6 as {@code [::1]:8445}). */
record HostPort(String host, int port) {
    static HostPort parse(String s) {
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            throw new ConfigLoader.ConfigException("listen address '" + s + "' is not HOST:PORT, for example 127.0.0.1:8445");
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) host = host.substring(1, host.length() - 1);
        int port;
        try {
            port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535) {
            throw new ConfigLoader.ConfigException("listen address '" + s + "' has a bad port (0-65535; 0 picks a free one)");
        }
        return new HostPort(host, port);
    }
}
