package org.supvisors.node.journal;

import akka.Done;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.DispatcherSelector;
import akka.persistence.jdbc.db.SlickExtension;
import akka.persistence.jdbc.db.SlickExtensionImpl;
import akka.persistence.jdbc.testkit.javadsl.SchemaUtils;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.supvisors.node.config.ConfigurationException;
import org.supvisors.node.config.NodeSettings;

/**
 * The journal and snapshot store of the Master (Akka Persistence over akka-persistence-jdbc).
 *
 * <p>By default an embedded H2 file database under the node's data directory, created on first start. With
 * {@code supvisors.journal.url} set, the database it names: PostgreSQL in production, so that a Master moving to
 * another node resumes from the same journal, or H2 (e.g. one {@code AUTO_SERVER=TRUE} database shared by the
 * nodes of one host in tests).
 */
public final class Journal {

  /** The persistence id of the Master: there is one Master per cluster. */
  public static final String MASTER_PERSISTENCE_ID = "supvisors-master";

  /** The user keys, under {@code supvisors}. */
  public static final String URL_KEY = "supvisors.journal.url";
  public static final String USER_KEY = "supvisors.journal.user";
  public static final String PASSWORD_KEY = "supvisors.journal.password";

  /** The embedded database: {@code <data_dir>/journal/supvisors-master.mv.db}. */
  static final String EMBEDDED_FOLDER = "journal";
  static final String EMBEDDED_NAME = "supvisors-master";

  static final String H2_PROFILE = "slick.jdbc.H2Profile$";
  static final String H2_DRIVER = "org.h2.Driver";
  static final String POSTGRES_PROFILE = "slick.jdbc.PostgresProfile$";
  static final String POSTGRES_DRIVER = "org.postgresql.Driver";

  /** The one database of the journal, snapshot store and read journal (akka-persistence-jdbc's shared db). */
  private static final String SHARED_DB = "akka-persistence-jdbc.shared-databases.slick";
  private static final String JOURNAL_PLUGIN = "jdbc-journal";

  /** The tables that akka-persistence-jdbc's schema script creates and the journal needs. */
  private static final List<String> TABLES = List.of("event_journal", "event_tag", "snapshot");

  private Journal() {}

  /**
   * Whether the journal is the node's own embedded database (no {@code supvisors.journal.url}), which no
   * other node reads.
   *
   * @param akka the configuration of the actor system
   */
  public static boolean isEmbedded(Config akka) {
    String path = SHARED_DB + ".db.url";
    return akka.hasPath(path) && akka.getString(path).startsWith("jdbc:h2:file:")
        && akka.getString(path).contains(EMBEDDED_FOLDER + java.io.File.separator + EMBEDDED_NAME + ";");
  }

  /** The Akka configuration of the journal of this node. */
  public static Config config(NodeSettings settings) {
    return config(settings.dataDir(), settings.config());
  }

  /**
   * The Akka configuration of the journal.
   *
   * @param dataDir the node's data directory, home of the embedded database
   * @param user the node's configuration, read for {@code supvisors.journal.*}
   * @throws ConfigurationException when {@code supvisors.journal.url} names neither PostgreSQL nor H2
   */
  public static Config config(Path dataDir, Config user) {
    Map<String, Object> values = new HashMap<>();
    values.put("akka.persistence.journal.plugin", JOURNAL_PLUGIN);
    values.put("akka.persistence.snapshot-store.plugin", "jdbc-snapshot-store");
    for (String plugin : List.of(JOURNAL_PLUGIN, "jdbc-snapshot-store", "jdbc-read-journal",
        "jdbc-durable-state-store")) {
      values.put(plugin + ".use-shared-db", "slick");
    }
    String url = text(user, URL_KEY);
    if (url.isEmpty()) {
      // DB_CLOSE_ON_EXIT=FALSE: the database closes with the connection pool when the actor system terminates,
      // not in H2's own JVM shutdown hook, which may run before coordinated shutdown has written its last event.
      url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(EMBEDDED_FOLDER).resolve(EMBEDDED_NAME)
          + ";DB_CLOSE_ON_EXIT=FALSE";
    }
    boolean h2 = url.startsWith("jdbc:h2:");
    if (!h2 && !url.startsWith("jdbc:postgresql:")) {
      throw new ConfigurationException(
          "invalid value for journal.url: '" + url + "'. a jdbc:postgresql: or jdbc:h2: URL expected");
    }
    values.put(SHARED_DB + ".profile", h2 ? H2_PROFILE : POSTGRES_PROFILE);
    String db = SHARED_DB + ".db.";
    values.put(db + "url", url);
    values.put(db + "driver", h2 ? H2_DRIVER : POSTGRES_DRIVER);
    // Credentials left out when not set: the JDBC driver's defaults then apply (PgJDBC: the OS user, .pgpass).
    String userName = text(user, USER_KEY);
    if (!userName.isEmpty() || h2) {
      values.put(db + "user", userName.isEmpty() ? "sa" : userName);
    }
    String password = text(user, PASSWORD_KEY);
    if (!password.isEmpty()) {
      values.put(db + "password", password);
    }
    values.put(db + "poolName", "supvisors-journal");
    // One actor writes the journal: two connections (and as many Slick threads) are plenty.
    values.put(db + "numThreads", 2);
    values.put(db + "maxConnections", 2);
    values.put(db + "minConnections", 2);
    values.put(db + "queueSize", 1000);
    // The pool stays open anyway; Slick's extra keep-alive session would take one of the two connections.
    values.put(db + "keepAliveConnection", false);
    // Fail within the journal's circuit-breaker call-timeout (10s) rather than after Hikari's 3 minutes.
    values.put(db + "connectionTimeout", 10000);
    return ConfigFactory.parseMap(values);
  }

  private static String text(Config config, String key) {
    return config.hasPath(key) ? config.getString(key).trim() : "";
  }

  /**
   * Creates the journal tables when missing, on Akka's blocking dispatcher. Idempotent; fails when the database
   * cannot be reached or the tables are still missing afterwards. The Master must not start before it completes.
   */
  public static CompletionStage<Done> ensureSchema(ActorSystem<?> system) {
    Executor blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    // Even the set-up of SchemaUtils loads the Slick profile and JDBC driver classes: off the caller's thread too.
    // SchemaUtils runs the plugin's own script for the configured profile, statement by statement, and only logs
    // (at DEBUG) the statements that fail, "already exists" included: then check that the tables are there.
    return CompletableFuture.supplyAsync(() -> SchemaUtils.createIfNotExists(JOURNAL_PLUGIN, system), blocking)
        .thenCompose(created -> created)
        .thenApplyAsync(done -> checkTables(system), blocking);
  }

  private static Done checkTables(ActorSystem<?> system) {
    SlickExtensionImpl slick = (SlickExtensionImpl) SlickExtension.get(system.classicSystem());
    var database = slick.database(system.settings().config().getConfig(JOURNAL_PLUGIN)).database();
    try (Connection connection = database.source().createConnection();
        Statement statement = connection.createStatement()) {
      for (String table : TABLES) {
        // The plugin quotes its identifiers: the lower-case names, in H2 and PostgreSQL alike.
        statement.executeQuery("SELECT 1 FROM \"" + table + "\" WHERE 1 = 0").close();
      }
      return Done.getInstance();
    } catch (SQLException e) {
      throw new IllegalStateException("the journal schema could not be created: " + e.getMessage(), e);
    }
  }
}
