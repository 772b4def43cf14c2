package lawgraph.testserver;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.cli.AdminTool;
import org.neo4j.cli.ExecutionContext;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.ConnectorPortRegister;
import org.neo4j.configuration.connectors.ConnectorType;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.internal.GraphDatabaseAPI;

/**
 * A real Neo4j 5.26 Community server in one JVM, for lawgraph's tests and benchmarks.
 *
 * <pre>
 * LawgraphNeo4jServer --home DIR [--port N] [--page-cache-mb N] [--stop-on-eof]
 *                     [-- database import full ARGS...]
 * </pre>
 *
 * <ul>
 *   <li>{@code --home}: a folder of its own (data, transaction logs and logs go there);
 *       it is created, and it is never deleted here.
 *   <li>{@code --port}: the Bolt port on 127.0.0.1; 0 (the default) takes a free one.
 *   <li>The password of user {@code neo4j} comes from the environment variable
 *       {@code LAWGRAPH_NEO4J_PASSWORD} (never an argument: the process list shows those);
 *       it is set with {@code ALTER USER ... CHANGE NOT REQUIRED} when the home is new, and
 *       kept when the server restarts on a home that has one.
 *   <li>Everything after {@code --} is a {@code neo4j-admin} command run in-process by
 *       {@link AdminTool#execute} (its {@code main} would exit the JVM) against the same
 *       home, before the server starts: {@code database import full ... neo4j} fills the
 *       default database from neo4j-admin CSV files.
 *   <li>{@code --stop-on-eof}: stop when standard input ends, so that the server never
 *       outlives the process that started it (a test run killed half-way).
 * </ul>
 *
 * <p>Standard output carries only these lines, for the process that starts it:
 * {@code IMPORTED <milliseconds>} after an import, then {@code READY bolt://127.0.0.1:<port>}
 * once Bolt accepts connections, and {@code STOPPED} after a clean shutdown. SIGTERM stops
 * it cleanly (a JVM shutdown hook). Errors go to standard error, with exit status 2 for a
 * bad command line and 1 for a failure. Neo4j's own logs stay in {@code HOME/logs}.
 */
public final class LawgraphNeo4jServer {
    static final String PASSWORD_VARIABLE = "LAWGRAPH_NEO4J_PASSWORD";

    private LawgraphNeo4jServer() {}

    public static void main(String[] args) {
        PrintStream out = System.out;
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(
                    "usage: LawgraphNeo4jServer --home DIR [--port N] [--page-cache-mb N] [--stop-on-eof] [-- NEO4J-ADMIN ARGS...]");
            System.exit(2);
            return;
        }
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password == null || password.length() < 8) {
            System.err.println("error: set " + PASSWORD_VARIABLE + " to the password for user neo4j (8 characters or more)");
            System.exit(2);
            return;
        }
        try {
            Files.createDirectories(options.home);
            if (!options.admin.isEmpty()) {
                long t0 = System.nanoTime();
                int status = admin(options.home, options.admin);
                if (status != 0) {
                    System.err.println("error: neo4j-admin " + String.join(" ", options.admin) + " exited with status " + status);
                    System.exit(1);
                    return;
                }
                out.println("IMPORTED " + (System.nanoTime() - t0) / 1_000_000);
                out.flush();
            }
            run(options, password, out);
        } catch (Exception e) {
            System.err.println("error: " + e);
            e.printStackTrace(System.err);
            System.exit(1);
        }
    }

    /** Runs one neo4j-admin command in this JVM; its exit status. */
    static int admin(Path home, List<String> args) throws IOException {
        Path conf = home.resolve("conf");
        Files.createDirectories(conf);
        // neo4j-admin reads HOME/conf/neo4j.conf; an empty one means the defaults, which
        // put the databases where the embedded server below looks for them.
        Path file = conf.resolve("neo4j.conf");
        if (!Files.exists(file)) {
            Files.writeString(file, "", StandardCharsets.UTF_8);
        }
        // The tool prints its progress; keep our own standard output for our own lines.
        ExecutionContext ctx = new ExecutionContext(home, conf, System.err, System.err, new DefaultFileSystemAbstraction());
        return AdminTool.execute(ctx, args.toArray(new String[0]));
    }

    static void run(Options options, String password, PrintStream out) throws InterruptedException {
        // A home that already holds the system database keeps the password it was given
        // (ALTER USER refuses to set the same password again): a restart after a crash.
        boolean fresh = !Files.exists(options.home.resolve("data").resolve("databases").resolve("system"));
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(options.home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", options.port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(options.pageCacheMb))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            dbms.shutdown();
            out.println("STOPPED");
            out.flush();
            stopped.countDown();
        }, "lawgraph-neo4j-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);

        // The initial password, set on the system database before anyone connects.
        if (fresh) {
            dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
                    .executeTransactionally(
                            "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
        }

        GraphDatabaseAPI db = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        var address = db.getDependencyResolver()
                .resolveDependency(ConnectorPortRegister.class)
                .getLocalAddress(ConnectorType.BOLT);
        out.println("READY bolt://127.0.0.1:" + address.getPort());
        out.flush();

        if (options.stopOnEof) {
            Thread watcher = new Thread(() -> {
                try {
                    InputStream in = System.in;
                    byte[] buffer = new byte[256];
                    while (in.read(buffer) >= 0) {
                        // discard: only the end of input matters
                    }
                } catch (IOException e) {
                    // the parent is gone either way
                }
                System.exit(0); // runs the shutdown hook
            }, "lawgraph-neo4j-stdin");
            watcher.setDaemon(true);
            watcher.start();
        }
        stopped.await();
    }

    /** The command line. */
    static final class Options {
        Path home;
        int port = 0;
        long pageCacheMb = 64;
        boolean stopOnEof = false;
        List<String> admin = new ArrayList<>();

        static Options parse(String[] args) {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--home" -> o.home = Path.of(value(args, ++i, a)).toAbsolutePath();
                    case "--port" -> o.port = number(value(args, ++i, a), a, 0, 65535);
                    case "--page-cache-mb" -> o.pageCacheMb = number(value(args, ++i, a), a, 8, 1 << 20);
                    case "--stop-on-eof" -> o.stopOnEof = true;
                    case "--" -> {
                        o.admin = new ArrayList<>(Arrays.asList(args).subList(i + 1, args.length));
                        i = args.length;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + a);
                }
            }
            if (o.home == null) {
                throw new IllegalArgumentException("--home DIR is required");
            }
            return o;
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String text, String option, int min, int max) {
            try {
                int n = Integer.parseInt(text);
                if (n < min || n > max) {
                    throw new IllegalArgumentException(option + " must be between " + min + " and " + max + ", not " + n);
                }
                return n;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " wants a number, not " + text);
            }
        }
    }
}
