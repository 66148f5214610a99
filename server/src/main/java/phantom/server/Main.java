package phantom.server;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import phantom.core.model.User;
import phantom.store.AlreadyExists;
import phantom.store.Database;

/** The {@code phantom} command line. */
@Command(name = "phantom", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Keeps N virtual machines running per group across an ordered list of clouds, "
                + "driven with the AWS Auto Scaling API (AWS CLI, boto3, boto 2, the AWS SDKs).",
        subcommands = {Main.Serve.class, Main.Users.class, CredentialsCommand.class, NodesCommand.class, StatusCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    /** The version the build wrote into the jar's manifest (one source: the parent pom's revision). */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"phantom " + (v == null ? "(unpackaged build)" : v)};
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        CommandLine cmd = new CommandLine(new Main());
        try {
            return execute(cmd, args);
        } finally {
            cmd.getOut().flush();
            cmd.getErr().flush();
        }
    }

    private static int execute(CommandLine cmd, String... args) {
        return cmd
                .setExecutionExceptionHandler((e, failed, parsed) -> {
                    if (e instanceof ConfigLoader.ConfigException || e instanceof IllegalArgumentException
                            || e instanceof phantom.store.StoreException) {
                        failed.getErr().println("phantom: " + e.getMessage());
                        return 2;
                    }
                    if (e.getCause() instanceof java.net.BindException) {
                        failed.getErr().println("phantom: " + e.getMessage() + " (" + e.getCause().getMessage()
                                + "): is another Phantom running? Choose another address with --listen HOST:PORT");
                        return 2;
                    }
                    throw e;
                })
                .execute(args);
    }

    /** Options every command that touches the data shares. */
    static class Common {
        @Option(names = "--config", paramLabel = "FILE", description = "YAML config file (default: none; built-in defaults)")
        Path config;

        @Option(names = "--data-dir", paramLabel = "DIR", description = "Data directory (default: data_dir from the config, else ~/.phantom)")
        Path dataDir;

        PhantomConfig load() {
            PhantomConfig c = config == null ? ConfigLoader.defaults() : new ConfigLoader(System::getenv).load(config);
            return dataDir == null ? c : c.withDataDir(dataDir);
        }

        /**
         * The database of {@code loaded}, which must exist: commands other than {@code serve} never
         * make one (a wrong --data-dir or a forgotten --config would otherwise list an empty one).
         */
        Database openExisting(PhantomConfig loaded) {
            try {
                return Database.openExisting(loaded.databaseOrEmbedded());
            } catch (phantom.store.NoDatabase e) {
                String hint = config == null
                        ? "; give the data directory with --data-dir DIR, or the config file that names the database with --config FILE"
                        : "; check data_dir and database in " + config + " (or give --data-dir DIR)";
                throw new ConfigLoader.ConfigException(e.getMessage() + hint);
            }
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true,
            description = "Run the service: the Auto Scaling API and the engine that keeps the groups' VMs.")
    static final class Serve implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default 127.0.0.1:8445)")
        String listen;

        @Option(names = "--management-listen", paramLabel = "HOST:PORT",
                description = "Address of /metrics, /healthz and /readyz (default 127.0.0.1:8446; none: off)")
        String managementListen;

        @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS with this certificate chain (PEM)")
        Path tlsCert;

        @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key for --tls-cert (PEM, PKCS#8)")
        Path tlsKey;

        @Option(names = "--self-signed", description = "Serve HTTPS with a self-signed certificate for localhost/127.0.0.1, "
                + "made once in DATA_DIR/tls/ (for development; clients must trust that file)")
        boolean selfSigned;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PhantomConfig config = common.load();
            if (listen != null) {
                HostPort hp = HostPort.parse(listen);
                config = config.withListen(hp.host(), hp.port());
            }
            if (managementListen != null) {
                HostPort hp = ConfigLoader.managementListen(managementListen, "--management-listen");
                config = config.withOperations(hp == null ? config.operations().withManagement(null, 0)
                        : config.operations().withManagement(hp.host(), hp.port()));
            }
            phantom.server.ops.Logging.apply(config.operations().logging());
            if ((tlsCert == null) != (tlsKey == null)) {
                throw new ConfigLoader.ConfigException("--tls-cert and --tls-key go together");
            }
            if (tlsCert != null) config = config.withTls(new PhantomConfig.Tls(tlsCert, tlsKey));
            if (selfSigned && tlsCert != null) {
                throw new ConfigLoader.ConfigException("--self-signed and --tls-cert/--tls-key exclude each other");
            }
            DataDir.secure(config.dataDir());
            PrintWriter out = spec.commandLine().getOut();
            // --self-signed (development HTTPS): see SelfSigned
            if (selfSigned) {
                config = config.withTls(SelfSigned.ensure(config.dataDir()));
                Path cert = config.tls().certificate().toAbsolutePath();
                out.println("HTTPS with the self-signed certificate " + cert + "; make clients trust it:");
                out.println("  AWS CLI --ca-bundle " + cert + "; boto3 verify='" + cert + "'; boto 2 conn.ca_certificates_file = '"
                        + cert + "' (endpoint localhost); Node NODE_EXTRA_CA_CERTS=" + cert
                        + "; Java: keytool -importcert it into a trust store (-Djavax.net.ssl.trustStore)");
            }
            PhantomServer server = PhantomServer.start(config, Clock.systemUTC());
            CountDownLatch stopped = new CountDownLatch(1);
            Runnable stop = () -> {
                server.close();
                stopped.countDown();
            };
            // SIGTERM and Ctrl-C: stop in order (no new cloud call, API, reconciler, database) before
            // the JVM's exit hooks run; a second one exits at once. The shutdown hook covers any other
            // way the JVM ends. Each signal is handled on a thread of its own.
            java.util.concurrent.atomic.AtomicInteger signals = new java.util.concurrent.atomic.AtomicInteger();
            String bound = new java.text.DecimalFormat("0.###").format(config.engine().shutdownTimeoutSeconds()) + " s";
            for (String signal : new String[] {"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(signal), s -> {
                    if (signals.incrementAndGet() == 1) {
                        System.err.println("phantom: SIG" + s.getName() + ": stopping within "
                                + bound + " (send it again to exit at once)");
                        stop.run();
                    } else {
                        String busy = server.reconciler().callsInFlight();
                        System.err.println("phantom: second SIG" + s.getName() + ": exiting now"
                                + (busy.isEmpty() ? "" : " without waiting for " + busy)
                                + "; unfinished launches and terminations resume at the next start");
                        System.err.flush();
                        Runtime.getRuntime().halt(130);
                    }
                });
            }
            Runtime.getRuntime().addShutdownHook(new Thread(stop, "phantom-shutdown"));
            String caBundle = selfSigned ? " --ca-bundle " + config.tls().certificate().toAbsolutePath() : "";
            firstUser(server.users(), config.dataDir(), server.endpoint() + caBundle, out);
            out.println("Phantom is serving the AWS Auto Scaling API at " + server.endpoint()
                    + " (data in " + config.dataDir() + ", " + config.databaseOrEmbedded().describe() + "). Stop it with Ctrl-C or SIGTERM.");
            out.flush();
            stopped.await();
            return 0;
        }

        /**
         * Creates the user 'admin' when there are no users. Its keys go to the terminal if there is
         * one; otherwise (a service, a redirected log) to an owner-only file in the data directory,
         * and the output names only that file.
         *
         * @param endpoint the endpoint URL, with the CLI's --ca-bundle option when it needs one
         */
        private static void firstUser(ApiUsers users, Path dataDir, String endpoint, PrintWriter out) throws java.io.IOException {
            User created = users.addFirst("admin", Clock.systemUTC().instant()).orElse(null);
            if (created == null) return;
            if (!Terminal.interactive()) {
                Path file = dataDir.toAbsolutePath().resolve(DataDir.ADMIN_KEYS);
                DataDir.writePrivate(file, UserKeys.credentialsFile(created));
                out.println("No users yet: created user 'admin'. Its keys are in " + file + " (readable by you only; "
                        + "not printed here, as this output is not a terminal). Append them to ~/.aws/credentials, "
                        + "then delete that file; 'phantom user add NAME' makes more users.");
                return;
            }
            out.println("No users yet: created user 'admin'. Its keys (shown only now; 'phantom user add NAME' makes more):");
            out.println();
            out.print(UserKeys.credentialsFile(created));
            out.println();
            out.println("Try it with the AWS CLI:");
            out.println("  AWS_ACCESS_KEY_ID=" + created.accessKeyId() + " AWS_SECRET_ACCESS_KEY=" + created.secretAccessKey()
                    + " aws --endpoint-url " + endpoint + " --region us-east-1 autoscaling describe-auto-scaling-groups");
            out.println();
        }
    }

    /**
     * The users of {@code db} under the credentials key, with any secret still in plain text sealed
     * now; stops with a clear error when the key is not the one the secrets were sealed with.
     */
    static ApiUsers apiUsers(PhantomConfig config, Database db) {
        ApiUsers users = new ApiUsers(db, CredentialVault.open(config.credentialsKeyFile()));
        users.sealPlainSecrets();
        return users;
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage API users (works with the server running or not).",
            subcommands = {UserAdd.class, UserList.class, UserRemove.class})
    static final class Users {
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create a user and print its keys in the AWS credentials-file format.")
    static final class UserAdd implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Parameters(paramLabel = "NAME", description = "User name (letters, digits, ._@+=-; at most 64)")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!UserKeys.validName(name)) {
                throw new IllegalArgumentException("user name '" + name + "' must be 1-64 letters, digits or ._@+=- and start with a letter or digit");
            }
            PhantomConfig config = common.load();
            try (Database db = common.openExisting(config)) {
                User u;
                try {
                    u = apiUsers(config, db).add(name, Clock.systemUTC().instant());
                } catch (AlreadyExists e) {
                    throw new IllegalArgumentException("user '" + name + "' already exists");
                }
                spec.commandLine().getOut().print(UserKeys.credentialsFile(u));
            }
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their access key ids.")
    static final class UserList implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PhantomConfig config = common.load();
            try (Database db = common.openExisting(config)) {
                apiUsers(config, db);
                List<User> users = db.read(tx -> tx.users().all());
                PrintWriter out = spec.commandLine().getOut();
                for (User u : users) out.println(u.name() + "\t" + u.accessKeyId() + "\t" + u.createdTime());
            }
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Remove a user and its launch configurations. Refused while the user still has groups (delete them first: their VMs cost money).")
    static final class UserRemove implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Parameters(paramLabel = "NAME")
        String name;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PhantomConfig config = common.load();
            try (Database db = common.openExisting(config)) {
                apiUsers(config, db);
                db.transaction(tx -> {
                    if (tx.users().byName(name).isEmpty()) throw new IllegalArgumentException("no user named '" + name + "'");
                    int groups = tx.groups().count(name);
                    if (groups > 0) {
                        throw new IllegalArgumentException("user '" + name + "' still has " + groups
                                + " group(s); delete them first (DeleteAutoScalingGroup) so their VMs are terminated");
                    }
                    for (var lc : tx.launchConfigurations().list(name)) tx.launchConfigurations().delete(name, lc.name());
                    tx.users().delete(name);
                    return null;
                });
                spec.commandLine().getOut().println("removed user '" + name + "'");
            }
            return 0;
        }
    }
}
