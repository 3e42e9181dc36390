// Starts an embedded Neo4j 5 DBMS with a Bolt connector, for tests and for users without Docker.
//
// Run as a single-file source program (no build step), with the jars fetched by pom.xml:
//
//   java --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/java.io=ALL-UNNAMED \
//        --add-opens java.base/sun.nio.ch=ALL-UNNAMED --add-opens java.base/java.lang=ALL-UNNAMED \
//        --add-opens java.base/java.util=ALL-UNNAMED \
//        --add-opens java.base/java.util.concurrent=ALL-UNNAMED \
//        -cp 'JARDIR/*' Launcher.java --port 0 --data DIR [--host 127.0.0.1] [--http-port 0] \
//        [--websocket] < password
//
// Closed to other web pages and to other machines by default:
//   - authentication is on; the first line of stdin is the password of the `neo4j` user (never
//     argv, which `ps` shows to every user). A new DBMS home gets it as its initial password
//     (DIR/data/dbms/auth.ini, read when the system database is created, then deleted), so it
//     never accepts Neo4j's default "neo4j"; every start also sets it in the system database,
//     in-process (a restart with another NEO4J_PASSWORD, a home made before authentication was
//     on), and the guard below refuses Bolt connections from its installation until then;
//   - LOAD CSV cannot read file:/// URLs, and there is no import directory;
//   - Bolt listens on 127.0.0.1 unless --host says otherwise; the HTTP connector (Neo4j's HTTP
//     API, no Neo4j Browser in these jars) is off unless --http-port is given, and then answers
//     cross-origin requests for its own origin only; HTTPS is off;
//   - Neo4j 5 has no setting to refuse Bolt over WebSocket on the Bolt port, so every Bolt
//     connection gets a first handler that closes it, with "403 Forbidden", unless its first
//     byte starts the Bolt handshake (0x60 of 0x6060B017): a WebSocket upgrade or any other
//     HTTP request from a browser page is refused. --websocket lets them through (Neo4j Browser
//     and other web clients); they still need the password.
//
// Protocol with the parent process (graph/neo4j/server.py):
//   - stdin: the password on the first line; afterwards its end (the parent closed it, or died)
//     shuts the DBMS down cleanly, as SIGTERM/SIGINT do;
//   - stdout carries exactly one line: "bolt://HOST:PORT" once Bolt accepts connections (followed
//     by " http://HOST:PORT" with --http-port), or "bind-failed HOST:PORT MESSAGE" when an address
//     cannot be listened on (the port is in use, the host is not this machine's), just before
//     exiting with status 4;
//   - all logging goes to stderr (and Neo4j's own debug.log under DIR/logs); it never holds the
//     password.

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.util.ReferenceCountUtil;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.neo4j.bolt.BoltServer;
import org.neo4j.bolt.protocol.common.connector.Connector;
import org.neo4j.bolt.protocol.common.connector.connection.Connection;
import org.neo4j.bolt.protocol.common.connector.connection.listener.ConnectionListener;
import org.neo4j.bolt.protocol.common.connector.listener.ConnectorListener;
import org.neo4j.configuration.Config;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.io.fs.DefaultFileSystemAbstraction;
import org.neo4j.kernel.impl.security.User;
import org.neo4j.kernel.internal.GraphDatabaseAPI;
import org.neo4j.logging.Level;
import org.neo4j.logging.NullLogProvider;
import org.neo4j.logging.log4j.Log4jLogProvider;
import org.neo4j.memory.EmptyMemoryTracker;
import org.neo4j.server.configuration.ServerSettings;
import org.neo4j.server.security.SecureHasher;
import org.neo4j.server.security.SystemGraphCredential;
import org.neo4j.server.security.auth.CommunitySecurityModule;
import org.neo4j.server.security.auth.FileUserRepository;

public class Launcher {
    private static final String DEFAULT_HOST = "127.0.0.1";
    private static final String USER = "neo4j";
    /** The first byte of the Bolt handshake's magic preamble, 0x6060B017. */
    private static final byte BOLT_MAGIC_FIRST_BYTE = 0x60;
    private static final int EXIT_BIND_FAILED = 4;

    public static void main(String[] args) throws Exception {
        int port = 0;
        Path home = null;
        String host = DEFAULT_HOST;
        boolean websocket = false;
        int httpPort = -1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--data" -> home = Path.of(args[++i]).toAbsolutePath();
                case "--host" -> host = args[++i];
                case "--http-port" -> httpPort = Integer.parseInt(args[++i]);
                case "--websocket" -> websocket = true;
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (home == null) {
            usage("--data DIR is required");
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String password = in.readLine();
        if (password == null || password.isEmpty()) {
            usage("the neo4j user's password is expected on the first line of standard input");
        }

        // Keep stdout for the single protocol line: anything Neo4j or a library prints there
        // would confuse the parent, so send it all to stderr from here on.
        PrintStream out = System.out;
        System.setOut(System.err);

        if (port == 0) {
            port = freePort(host);
        }
        if (httpPort == 0) {
            httpPort = freePort(host);
        }

        BoltGate gate = new BoltGate(websocket);
        DatabaseManagementService dbms;
        try {
            boolean created = !Files.isDirectory(home.resolve("data").resolve("databases").resolve("system"));
            if (created) {
                writeInitialPassword(home, password);
            }
            dbms = build(home, host, port, httpPort);
            if (created) {
                Files.deleteIfExists(initialPasswordFile(home)); // read once, into the system database
            }
        } catch (Throwable e) {
            // Neo4j may already have started non-daemon threads: exit explicitly. The last
            // line names the root cause (e.g. "Address already in use"), for the parent.
            e.printStackTrace();
            Throwable cause = e;
            BindException bind = null;
            while (true) {
                if (cause instanceof BindException found) {
                    bind = found;
                }
                if (cause.getCause() == null) {
                    break;
                }
                cause = cause.getCause();
            }
            System.err.println("Launcher: Neo4j failed to start: " + cause);
            if (bind != null) {
                String message = bindMessage(bind, cause);
                int busy = httpPort > 0 && message.contains(":" + httpPort) ? httpPort : port;
                out.println("bind-failed " + host + ":" + busy + " " + message);
                out.flush();
                System.exit(EXIT_BIND_FAILED);
            }
            System.exit(1);
            return;
        }

        // Shut down on SIGTERM/SIGINT and on the System.exit below; Neo4j then flushes the
        // store and releases its lock, so the data dir can be reopened (or deleted) at once.
        Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown, "neo4j-shutdown"));

        try {
            GraphDatabaseAPI system = (GraphDatabaseAPI) dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME);
            gate.install(system.getDependencyResolver().resolveDependency(BoltServer.class));
            setPassword(system, password);
        } catch (RuntimeException e) {
            e.printStackTrace();
            System.err.println("Launcher: Neo4j failed to start: " + e);
            System.exit(1); // the shutdown hook stops the DBMS
        }
        gate.open();

        String reachable = isWildcard(host) ? DEFAULT_HOST : host;
        waitForBolt(reachable, port, 60_000);
        String shown = reachable.contains(":") ? "[" + reachable + "]" : reachable;
        out.println("bolt://" + shown + ":" + port + (httpPort > 0 ? " http://" + shown + ":" + httpPort : ""));
        out.flush();

        // Block until the parent closes our stdin; this is also what happens when the parent
        // dies, so no orphan JVM is left behind.
        char[] buffer = new char[256];
        while (in.read(buffer) >= 0) {
            // Input carries no meaning; only its end does.
        }
        System.exit(0);
    }

    /** The store goes to home/data/databases/neo4j, Neo4j's debug.log to home/logs. */
    private static DatabaseManagementService build(Path home, String host, int port, int httpPort) {
        String advertised = isWildcard(host) ? DEFAULT_HOST : host;
        DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(home);
        if (httpPort > 0) {
            String shown = advertised.contains(":") ? "[" + advertised + "]" : advertised;
            builder.setConfig(HttpConnector.enabled, true)
                    .setConfig(HttpConnector.listen_address, new SocketAddress(host, httpPort))
                    .setConfig(HttpConnector.advertised_address, new SocketAddress(advertised, httpPort))
                    // The default, "*", lets any web page read the answers it gets.
                    .setConfig(ServerSettings.http_access_control_allow_origin, "http://" + shown + ":" + httpPort);
        } else {
            builder.setConfig(HttpConnector.enabled, false);
        }
        return builder
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(advertised, port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .setConfig(HttpsConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, true)
                // LOAD CSV FROM 'file:///...' would read any file this process can.
                .setConfig(GraphDatabaseSettings.allow_file_urls, false)
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

    /**
     * What `neo4j-admin dbms set-initial-password` does: the password the system database gives
     * the `neo4j` user when it is created, so a new DBMS never accepts the default "neo4j".
     */
    private static void writeInitialPassword(Path home, String password) throws Exception {
        Path file = initialPasswordFile(home);
        DefaultFileSystemAbstraction fs = new DefaultFileSystemAbstraction();
        fs.mkdirs(file.getParent());
        fs.deleteFile(file);
        FileUserRepository users = new FileUserRepository(fs, file, NullLogProvider.getInstance(),
                EmptyMemoryTracker.INSTANCE);
        users.start();
        SystemGraphCredential credential = SystemGraphCredential.createCredentialForPassword(
                password.getBytes(StandardCharsets.UTF_8), new SecureHasher());
        users.create(new User(USER, null, credential, false, false));
        users.shutdown();
    }

    private static Path initialPasswordFile(Path home) {
        Config config = Config.newBuilder().set(GraphDatabaseSettings.neo4j_home, home).build();
        return CommunitySecurityModule.getInitialUserRepositoryFile(config);
    }

    /** Sets the password in the system database; an embedded transaction needs no login. */
    private static void setPassword(GraphDatabaseAPI system, String password) {
        try {
            system.executeTransactionally("ALTER USER " + USER + " SET PASSWORD $password CHANGE NOT REQUIRED",
                    Map.of("password", password));
        } catch (RuntimeException e) {
            // The store already holds this password (the usual restart): Neo4j refuses to "change"
            // a password to itself, and nothing needs doing. Anything else is a failed start.
            if (!String.valueOf(e.getMessage()).contains("Old password and new password cannot be the same")) {
                throw e;
            }
        }
    }

    private static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]");
    }

    /** Neo4j's "cannot bind" and, when it is another exception, the system's reason ("Address already in use"). */
    private static String bindMessage(BindException bind, Throwable root) {
        String message = String.valueOf(bind.getMessage());
        if (root != bind && root.getMessage() != null) {
            message += ": " + root.getMessage();
        }
        return message.replace('\n', ' ');
    }

    /** Asks the OS for a free port; a small race with other processes is accepted. */
    private static int freePort(String host) throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return socket.getLocalPort();
        }
    }

    /** build() returns with the connector started, but check it really accepts connections. */
    private static void waitForBolt(String host, int port, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (true) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 1000);
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
        System.err.println("usage: java ... Launcher.java --port PORT --data DIR [--host HOST] [--http-port PORT] "
                + "[--websocket] < password");
        System.exit(2);
    }

    /**
     * Puts {@link BoltOnly} first in every Bolt connection's pipeline. Until {@link #open} (the
     * password is set) every connection is refused; afterwards only the Bolt handshake passes,
     * or also HTTP (the WebSocket upgrade) when WebSocket is allowed.
     */
    static final class BoltGate implements ConnectorListener {
        private final boolean websocket;
        private volatile boolean open;

        BoltGate(boolean websocket) {
            this.websocket = websocket;
        }

        void install(BoltServer bolt) {
            if (bolt.getConnectors().isEmpty()) {
                throw new IllegalStateException("Neo4j started no Bolt connector to guard");
            }
            for (Connector<?> connector : bolt.getConnectors()) {
                connector.registerListener(this);
            }
        }

        void open() {
            open = true;
        }

        @Override
        public void onConnectionCreated(Connection connection) {
            connection.registerListener(new ConnectionListener() {
                @Override
                public void onNetworkPipelineInitialized(ChannelPipeline pipeline) {
                    pipeline.addFirst("tradekg-bolt-only", new BoltOnly(BoltGate.this));
                }
            });
        }
    }

    /** Looks at a connection's first byte, then either steps aside or closes the connection. */
    static final class BoltOnly extends ChannelInboundHandlerAdapter {
        private static final String REASON = "Bolt over WebSocket and HTTP is turned off on this server\n";
        private static final byte[] FORBIDDEN = ("HTTP/1.1 403 Forbidden\r\nContent-Type: text/plain\r\n"
                + "Content-Length: " + REASON.length() + "\r\nConnection: close\r\n\r\n" + REASON)
                .getBytes(StandardCharsets.US_ASCII);
        private final BoltGate gate;

        BoltOnly(BoltGate gate) {
            this.gate = gate;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (!(msg instanceof ByteBuf buffer) || buffer.readableBytes() == 0) {
                ctx.fireChannelRead(msg);
                return;
            }
            byte first = buffer.getByte(buffer.readerIndex());
            boolean bolt = first == BOLT_MAGIC_FIRST_BYTE;
            if (gate.open && (bolt || gate.websocket)) {
                ctx.pipeline().remove(this);
                ctx.fireChannelRead(msg);
                return;
            }
            ReferenceCountUtil.release(msg);
            if (bolt) {
                ctx.close(); // not ready yet: the password is still being set
            } else {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(FORBIDDEN)).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
