package phantom.server;

import phantom.store.DatabaseConfig;

/**
 * What the start-up banner says about the database: the embedded database's file, or a server
 * database's JDBC URL and user with any password taken out. Pure.
 */
final class DatabaseLabel {
    private DatabaseLabel() {
    }

    static String of(DatabaseConfig db) {
        String url = db.url();
        if (url.startsWith("jdbc:h2:file:")) {
            return "embedded H2 database " + upTo(url.substring("jdbc:h2:file:".length()), ';') + ".mv.db";
        }
        if (url.startsWith("jdbc:sqlite:")) {
            return "embedded SQLite database " + upTo(url.substring("jdbc:sqlite:".length()), '?');
        }
        String shown = url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^/@:]*):[^/@]*@", "//$1:***@");
        return "database " + shown + (db.user() == null || db.user().isEmpty() ? "" : " as user " + db.user());
    }

    private static String upTo(String s, char end) {
        int i = s.indexOf(end);
        return i < 0 ? s : s.substring(0, i);
    }
}
