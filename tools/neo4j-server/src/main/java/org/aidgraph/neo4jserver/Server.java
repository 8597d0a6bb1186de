package org.aidgraph.neo4jserver;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * A Neo4j 5 community server for tests and benchmarks: the real engine, embedded, with
 * only the Bolt connector open, on a loopback port.
 *
 * <p>Usage: {@code java -jar neo4j-server.jar --home DIR --port N [--password PW]
 * [--parent-pid PID] [--pagecache-mb MB]}. Without {@code --password} auth is disabled;
 * with it, the user {@code neo4j} gets that password (Neo4j wants at least 8 characters). It prints {@code READY
 * bolt://127.0.0.1:N} once Bolt accepts connections, and shuts the database down
 * cleanly on SIGTERM, or when the process given by {@code --parent-pid} exits (so a killed
 * test run never leaves a server behind).
 */
public final class Server {
  private Server() {}

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = parse(argv);
    Path home = Path.of(required(args, "home"));
    int port = Integer.parseInt(required(args, "port"));
    String password = args.get("password");
    long pagecacheMb = Long.parseLong(args.getOrDefault("pagecache-mb", "256"));

    DatabaseManagementService dbms =
        new DatabaseManagementServiceBuilder(home)
            .setConfig(BoltConnector.enabled, true)
            .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
            .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
            .setConfig(HttpConnector.enabled, false)
            .setConfig(GraphDatabaseSettings.auth_enabled, password != null)
            .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pagecacheMb))
            .build();
    Runtime.getRuntime().addShutdownHook(new Thread(dbms::shutdown));
    try {
      if (password != null) {
        dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME)
            .executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $pw CHANGE NOT REQUIRED", Map.of("pw", password));
      }
      // Touch the default database so the first client query does not pay for its start.
      dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    } catch (RuntimeException e) {
      // Without this the JVM would stay up, half-started, and never say READY.
      System.err.println("neo4j-server: setup failed: " + e.getMessage());
      System.exit(1);
    }
    System.out.println("READY bolt://127.0.0.1:" + port);
    System.out.flush();

    String parent = args.get("parent-pid");
    if (parent != null) {
      watchParent(Long.parseLong(parent));
    } else {
      Thread.currentThread().join();
    }
  }

  private static void watchParent(long pid) throws InterruptedException {
    while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
      Thread.sleep(1000);
    }
    System.exit(0); // runs the shutdown hook
  }

  private static Map<String, String> parse(String[] argv) {
    Map<String, String> out = new HashMap<>();
    for (int i = 0; i < argv.length; i++) {
      if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
        throw new IllegalArgumentException("expected --name value pairs, got " + argv[i]);
      }
      out.put(argv[i].substring(2), argv[++i]);
    }
    return out;
  }

  private static String required(Map<String, String> args, String name) {
    String value = args.get(name);
    if (value == null) {
      throw new IllegalArgumentException("missing --" + name);
    }
    return value;
  }
}
