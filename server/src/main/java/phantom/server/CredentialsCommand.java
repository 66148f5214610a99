package phantom.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import phantom.core.text.DidYouMean;
import phantom.store.Database;

/** {@code phantom credentials}: users' own keys for the clouds that need them, stored encrypted. */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Manage users' cloud credentials per site (stored encrypted with the key in credentials_key_file; "
                + "never logged, never returned by the API). Works with the server running or not.",
        subcommands = {CredentialsCommand.Set.class, CredentialsCommand.ListAll.class, CredentialsCommand.Remove.class})
final class CredentialsCommand {

    /** Opens what every credentials command needs. */
    static final class Opened implements AutoCloseable {
        final PhantomConfig config;
        final Database db;
        final CloudCredentialStore store;

        Opened(Main.Common common) {
            config = common.load();
            db = common.openExisting(config);
            CredentialVault vault = CredentialVault.open(config.credentialsKeyFile());
            store = new CloudCredentialStore(db, vault, Clock.systemUTC());
            new ApiUsers(db, vault).sealPlainSecrets(); // one key for every secret: stop here if it is the wrong one
        }

        void checkUserAndSite(String user, String site) {
            if (db.read(tx -> tx.users().byName(user)).isEmpty()) throw new IllegalArgumentException("no user named '" + user + "'");
            if (!config.sites().containsKey(site)) {
                throw new IllegalArgumentException("site '" + site + "' is not configured; sites: " + String.join(", ", config.sites().keySet())
                        + DidYouMean.hint(site, config.sites().keySet()));
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a user's credentials for a site, replacing any earlier ones.",
                    "ec2 sites: access_key_id=... secret_access_key [session_token]",
                    "openstack sites: username=... password project_name=... [user_domain_name=... project_domain_name=...]",
                    "                 or application_credential_id=... application_credential_secret",
                    "Secret values (secret_access_key, password, ...) never go on the command line, where ps and the shell",
                    "history would show them: name them alone and Phantom asks for each (without echo on a terminal;",
                    "otherwise one line each from standard input, in order), or give every NAME=VALUE on standard input",
                    "with --stdin. With no names at all on a terminal, it asks for each name the site's driver takes."})
    static final class Set implements Callable<Integer> {
        @CommandLine.Mixin
        Main.Common common = new Main.Common();

        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "SITE")
        String site;

        @Parameters(index = "2..*", paramLabel = "NAME=VALUE|NAME", description = "A value that is not secret, or a name to ask the value for")
        List<String> pairs = List.of();

        @Option(names = "--stdin", description = "Read NAME=VALUE lines from standard input")
        boolean stdin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> asked = new java.util.ArrayList<>();
            for (String p : pairs) {
                if (p.indexOf('=') < 0) {
                    asked.add(checkedName(p));
                } else {
                    String name = put(values, p);
                    if (isSecret(name)) {
                        throw new IllegalArgumentException("'" + name + "' is a secret and is not taken on the command line, "
                                + "where ps and the shell history show it: give the name alone (" + name
                                + ") to be asked for the value, or NAME=VALUE lines on standard input with --stdin");
                    }
                }
            }
            if (stdin && !asked.isEmpty()) {
                throw new IllegalArgumentException("--stdin reads NAME=VALUE lines; do not also give names to ask for (" + String.join(", ", asked) + ")");
            }
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (stdin) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) put(values, line.strip());
                }
            }
            boolean terminal = Terminal.interactive();
            PhantomConfig config = common.load();
            if (values.isEmpty() && asked.isEmpty() && !stdin && terminal && config.sites().containsKey(site)) {
                var factory = Sites.factories().get(config.sites().get(site).driver());
                if (factory != null) asked.addAll(new java.util.TreeSet<>(factory.credentialNames()));
            }
            for (String name : asked) {
                String value = terminal ? prompt(name) : in.readLine();
                if (value == null) throw new IllegalArgumentException("standard input ended before the value of " + name);
                if (value.isEmpty()) throw new IllegalArgumentException("the value of " + name + " is empty");
                values.put(name, value);
            }
            if (values.isEmpty()) {
                throw new IllegalArgumentException("give the credentials: NAME=VALUE for values that are not secret, the NAME alone "
                        + "to be asked for a secret one, or NAME=VALUE lines on standard input with --stdin");
            }
            try (Opened o = new Opened(common)) {
                o.checkUserAndSite(user, site);
                CredentialCheck.check(o.config.sites().get(site), Sites.factories(), values);
                o.store.set(user, site, values);
                PrintWriter out = spec.commandLine().getOut();
                out.println("stored " + String.join(", ", values.keySet()) + " for " + user + " on " + site + " (encrypted)");
            }
            return 0;
        }

        /** Asks at the terminal; a secret is read without echo. */
        private static String prompt(String name) {
            java.io.Console console = System.console();
            if (isSecret(name)) {
                char[] v = console.readPassword("%s (not shown): ", name);
                return v == null ? null : new String(v);
            }
            return console.readLine("%s: ", name);
        }

        /**
         * Whether a credential name holds a secret, which the command line must not carry:
         * secret_access_key, session_token, password, application_credential_secret and the like.
         */
        static boolean isSecret(String name) {
            return name.contains("secret") || name.contains("password") || name.contains("token") || name.contains("private")
                    || name.endsWith("_key") || name.equals("key");
        }

        private static String checkedName(String name) {
            if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("credential name '" + name + "' must be lower-case letters, digits and _");
            }
            return name;
        }

        private static String put(Map<String, String> values, String pair) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + pair.replaceAll("=.*", "=...") + "' is not NAME=VALUE");
            String name = checkedName(pair.substring(0, eq));
            values.put(name, pair.substring(eq + 1));
            return name;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List who has credentials for which site (names only, never values).")
    static final class ListAll implements Callable<Integer> {
        @CommandLine.Mixin
        Main.Common common = new Main.Common();

        @Parameters(index = "0", arity = "0..1", paramLabel = "USER")
        String user;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Opened o = new Opened(common)) {
                PrintWriter out = spec.commandLine().getOut();
                for (var r : o.store.list()) {
                    if (user == null || user.equals(r.owner())) {
                        out.println(r.owner() + "\t" + r.site() + "\t" + String.join(",", r.names()) + "\t" + r.updatedTime());
                    }
                }
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user's credentials for a site.")
    static final class Remove implements Callable<Integer> {
        @CommandLine.Mixin
        Main.Common common = new Main.Common();

        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "SITE")
        String site;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Opened o = new Opened(common)) {
                if (!o.store.remove(user, site)) throw new IllegalArgumentException(user + " has no credentials for " + site);
                spec.commandLine().getOut().println("removed the credentials of " + user + " for " + site);
            }
            return 0;
        }
    }
}
