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
import phantom.core.driver.CloudDriver;
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
            store = new CloudCredentialStore(db, CredentialVault.open(config.credentialsKeyFile()), Clock.systemUTC());
        }

        void checkUserAndSite(String user, String site) {
            if (db.read(tx -> tx.users().byName(user)).isEmpty()) throw new IllegalArgumentException("no user named '" + user + "'");
            if (!config.sites().containsKey(site)) {
                throw new IllegalArgumentException("site '" + site + "' is not configured; sites: " + String.join(", ", config.sites().keySet()));
            }
        }

        @Override
        public void close() {
            db.close();
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Set a user's credentials for a site, replacing any earlier ones.",
                    "ec2 sites: access_key_id=... secret_access_key=... [session_token=...]",
                    "openstack sites: username=... password=... project_name=... [user_domain_name=... project_domain_name=...]",
                    "                 or application_credential_id=... application_credential_secret=...",
                    "With --stdin, NAME=VALUE lines are read from standard input (keeps secrets out of shell history)."})
    static final class Set implements Callable<Integer> {
        @CommandLine.Mixin
        Main.Common common = new Main.Common();

        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "SITE")
        String site;

        @Parameters(index = "2..*", paramLabel = "NAME=VALUE")
        List<String> pairs = List.of();

        @Option(names = "--stdin", description = "Read NAME=VALUE lines from standard input")
        boolean stdin;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Map<String, String> values = new LinkedHashMap<>();
            for (String p : pairs) put(values, p);
            if (stdin) {
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.isBlank()) put(values, line.strip());
                }
            }
            if (values.isEmpty()) throw new IllegalArgumentException("give the credentials as NAME=VALUE arguments (or --stdin)");
            try (Opened o = new Opened(common)) {
                o.checkUserAndSite(user, site);
                o.store.set(user, site, values);
                PrintWriter out = spec.commandLine().getOut();
                out.println("stored " + String.join(", ", values.keySet()) + " for " + user + " on " + site + " (encrypted)");
                List<String> advertised = advertised(o.config, site);
                if (!advertised.isEmpty() && advertised.stream().noneMatch(values::containsKey)) {
                    spec.commandLine().getErr().println("note: the " + o.config.sites().get(site).driver()
                            + " driver usually takes " + String.join(", ", advertised));
                }
            }
            return 0;
        }

        private static void put(Map<String, String> values, String pair) {
            int eq = pair.indexOf('=');
            if (eq <= 0) throw new IllegalArgumentException("'" + pair.replaceAll("=.*", "=...") + "' is not NAME=VALUE");
            String name = pair.substring(0, eq);
            if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
                throw new IllegalArgumentException("credential name '" + name + "' must be lower-case letters, digits and _");
            }
            values.put(name, pair.substring(eq + 1));
        }

        private static List<String> advertised(PhantomConfig config, String site) {
            SiteConfig sc = config.sites().get(site);
            var factory = Sites.factories().get(sc.driver());
            if (factory == null) return List.of();
            try {
                CloudDriver d = factory.create(site, sc.options(), config.dataDir(), Clock.systemUTC());
                List<String> names = d.capabilities().credentialNames();
                if (d instanceof AutoCloseable c) c.close();
                return names;
            } catch (Exception e) {
                return List.of();
            }
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
