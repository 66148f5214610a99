package phantom.server;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import phantom.server.view.GroupOverview;
import phantom.server.view.Overviews;
import phantom.server.view.StatusTable;
import phantom.store.Database;

/**
 * {@code phantom status}: the groups by clouds, read from the database directly (the embedded file
 * while serve runs, or PostgreSQL), as {@code phantom user list} does. {@code --watch} redraws it.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every group by clouds: desired, in service and pending, per cloud, and each cloud's standing "
                + "(ok, backing off until when, held for a config error, probing). Works whether or not the server runs.")
final class StatusCommand implements Callable<Integer> {
    private static final String CLEAR_HOME = "\033[H\033[2J";

    @CommandLine.Mixin
    Main.Common common = new Main.Common();

    @Option(names = "--user", paramLabel = "NAME", description = "Only this user's groups")
    String user;

    @Option(names = "--watch", description = "Redraw while groups change (on a terminal; otherwise print a new table "
            + "whenever it changes), until Ctrl-C")
    boolean watch;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "2", description = "With --watch: read every SECONDS (default 2)")
    double interval;

    @Option(names = "--for", paramLabel = "SECONDS", description = "With --watch: stop after SECONDS (default: until Ctrl-C)")
    Double forSeconds;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        if (!(interval > 0)) throw new IllegalArgumentException("--interval must be a positive number of seconds");
        if ((forSeconds != null || interval != 2) && !watch) throw new IllegalArgumentException("--interval and --for go with --watch");
        PhantomConfig config = common.load();
        PrintWriter out = spec.commandLine().getOut();
        Clock clock = Clock.systemUTC();
        try (Database db = common.openExisting(config)) {
            if (!watch) {
                out.print(table(db, config, clock));
                return 0;
            }
            boolean terminal = Terminal.interactive();
            long end = forSeconds == null ? Long.MAX_VALUE : System.nanoTime() + Math.round(forSeconds * 1e9);
            String last = null;
            while (true) {
                String table = table(db, config, clock);
                if (terminal) {
                    out.print(CLEAR_HOME + "phantom status at " + StatusTable.clock(clock.instant()) + " (every "
                            + interval + " s; Ctrl-C stops)\n\n" + table);
                } else if (!table.equals(last)) {
                    out.print("-- " + StatusTable.clock(clock.instant()) + "\n" + table);
                }
                out.flush();
                last = table;
                long left = end - System.nanoTime();
                if (left <= 0) return 0;
                Thread.sleep(Math.min(Duration.ofNanos(left).toMillis() + 1, Math.round(interval * 1000)));
            }
        }
    }

    private String table(Database db, PhantomConfig config, Clock clock) {
        List<GroupOverview> groups = Overviews.read(db, user, clock.instant());
        return StatusTable.render(groups, config.sites().keySet());
    }
}
