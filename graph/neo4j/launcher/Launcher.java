// Starts an embedded Neo4j 5 DBMS with a Bolt connector, for tests and for users without Docker.
//
// Run as a single-file source program (no build step), with the jars fetched by pom.xml:
//
//   java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED \
//        --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
//        --add-opens java.base/java.util=ALL-UNNAMED \
//        --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
//        -cp 'JARDIR/*' Launcher.java --port 0 --data DIR
//
// Protocol with the parent process (graph/neo4j/server.py):
//   - stdout carries exactly one line, "bolt://127.0.0.1:PORT", once Bolt accepts connections;
//   - all logging goes to stderr (and Neo4j's own debug.log under DIR/logs);
//   - the DBMS shuts down cleanly when stdin reaches EOF (the parent closed it, or died) or on
//     SIGTERM/SIGINT.

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

public class Launcher {
    private static final String HOST = "127.0.0.1";

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path home = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> home = Path.of(args[++i]).toAbsolutePath();
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (home == null) {
            usage("--data DIR is required");
        }

        // Keep stdout for the single "bolt://" line: anything Neo4j or a library prints there
        // would confuse the parent, so send it all to stderr from here on.
        PrintStream out = System.out;
        System.setOut(System.err);

        if (port == 0) {
            port = freePort();
        }

        DatabaseManagementService dbms;
        try {
            dbms = build(home, port);
        } catch (Throwable e) {
            // Neo4j may already have started non-daemon threads: exit explicitly. The last
            // line names the root cause (e.g. "Address already in use"), for the parent.
            e.printStackTrace();
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            System.err.println("Launcher: Neo4j failed to start: " + cause);
            System.exit(1);
            return;
        }

        // Shut down on SIGTERM/SIGINT and on the System.exit below; Neo4j then flushes the
        // store and releases its lock, so the data dir can be reopened (or deleted) at once.
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        waitForBolt(port, 60_000);
        out.println("bolt://" + HOST + ":" + port);
        out.flush();

        // Block until the parent closes our stdin; this is also what happens when the parent
        // dies, so no orphan JVM is left behind.
        InputStream in = System.in;
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // Input carries no meaning; only its end does.
        }
        System.exit(0);
    }

    /** The store goes to home/data/databases/neo4j, Neo4j's debug.log to home/logs. */
    private static DatabaseManagementService build(Path home, int port) {
        return new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(HOST, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpConnector.enabled, false)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                // Tests and small graphs: the default page cache would take half the RAM left.
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(64))
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Bolt's worker threads never finish within the default 5 s wait on shutdown, so
                // every stop took 5 s longer; the store is flushed after this wait either way.
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time,
                        Duration.ofMillis(500))
                .setUserLogProvider(new Log4jLogProvider(System.err, Level.INFO))
                .build();
    }

    /** Asks the OS for a free port; a small race with other processes is accepted. */
    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            return socket.getLocalPort();
        }
    }

    /** build() returns with the connector started, but check it really accepts connections. */
    private static void waitForBolt(int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(HOST, port), 1000);
                return;
            } catch (IOException e) {
                if (System.currentTimeMillis() > deadline) {
                    System.err.println("Bolt not accepting connections on port " + port + ": " + e);
                    System.exit(3);
                }
                Thread.sleep(100);
            }
        }
    }

    private static void usage(String problem) {
        System.err.println("Launcher: " + problem);
        System.err.println("usage: java ... Launcher.java --port PORT --data DIR");
        System.exit(2);
    }
}
