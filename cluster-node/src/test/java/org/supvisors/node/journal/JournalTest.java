package org.supvisors.node.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import akka.actor.testkit.typed.internal.CapturingAppender;
import akka.actor.testkit.typed.javadsl.ActorTestKit;
import akka.actor.testkit.typed.javadsl.TestProbe;
import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.persistence.typed.PersistenceId;
import akka.persistence.typed.RecoveryCompleted;
import akka.persistence.typed.SnapshotCompleted;
import akka.persistence.typed.SnapshotFailed;
import akka.persistence.typed.javadsl.CommandHandler;
import akka.persistence.typed.javadsl.EventHandler;
import akka.persistence.typed.javadsl.EventSourcedBehavior;
import akka.persistence.typed.javadsl.RetentionCriteria;
import akka.persistence.typed.javadsl.SignalHandler;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.node.AkkaConfig;
import org.supvisors.node.config.ConfigurationException;
import org.supvisors.node.config.HostResolver;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.config.NodeSettingsLoader;
import org.supvisors.node.testkit.RealPostgres;
import org.supvisors.protocol.ClusterSerializable;

class JournalTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  /** Logs are captured (logback-test.xml) and printed only for failing tests. */
  @RegisterExtension
  static final TestWatcher LOGS = new TestWatcher() {
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
      System.out.println("Logs of failed test " + context.getDisplayName() + ":");
      CapturingAppender.get("").flush();
    }
  };

  /** A throwaway PostgreSQL server, started by the first test that asks for a database. */
  @RegisterExtension
  static final RealPostgres postgres = new RealPostgres();

  @TempDir Path dataDir;

  @BeforeEach
  void clearLogs() {
    CapturingAppender.get("").clear();
  }

  @Test
  void embeddedDatabaseKeepsEventsAndSnapshotsAcrossRestarts() throws IOException {
    roundTrip(ConfigFactory.empty());
    Path file = dataDir.resolve("journal").resolve("supvisors-master.mv.db");
    assertFileClosed(file);
  }

  @Test
  void sharedH2DatabaseOfTheUserConfigurationIsUsed() throws IOException {
    Path base = dataDir.resolve("shared").resolve("journal");
    roundTrip(ConfigFactory.parseMap(
        Map.of(Journal.URL_KEY, "jdbc:h2:file:" + base.toAbsolutePath() + ";AUTO_SERVER=TRUE")));
    assertFalse(Files.exists(dataDir.resolve("journal")), "no embedded database when a URL is configured");
    assertFileClosed(dataDir.resolve("shared").resolve("journal.mv.db"));
  }

  /**
   * Against a real PostgreSQL: a throwaway server (see {@link RealPostgres}), or the database of
   * {@code -Dsupvisors.test.journal.url=jdbc:postgresql://...} (with {@code .user}, {@code .password}) when given.
   */
  @Test
  void postgresDatabaseKeepsEventsAndSnapshotsAcrossRestarts() {
    roundTrip(postgres.newDatabase().journalSettings());
    assertFalse(Files.exists(dataDir.resolve("journal")), "no embedded database when PostgreSQL is configured");
  }

  @Test
  void ensureSchemaFailsWhenTheDatabaseCannotBeReached() {
    Config user = ConfigFactory.parseString("supvisors.journal.url = \"jdbc:postgresql://127.0.0.1:1/supvisors\"");
    Config config = ConfigFactory.parseString("akka-persistence-jdbc.shared-databases.slick.db.connectionTimeout = 500")
        .withFallback(Journal.config(dataDir, user))
        .withFallback(ConfigFactory.parseString("akka.actor.provider = local"));
    withSystem(config, kit -> {
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> Journal.ensureSchema(kit.system()).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS));
      assertInstanceOf(SQLException.class, e.getCause(), e.getCause().toString());
    });
  }

  @Test
  void embeddedDatabaseIsAnH2FileUnderTheDataDirectory() {
    Config config = Journal.config(dataDir, ConfigFactory.empty());
    String db = "akka-persistence-jdbc.shared-databases.slick.";
    assertEquals("jdbc-journal", config.getString("akka.persistence.journal.plugin"));
    assertEquals("jdbc-snapshot-store", config.getString("akka.persistence.snapshot-store.plugin"));
    assertEquals("slick.jdbc.H2Profile$", config.getString(db + "profile"));
    assertEquals("org.h2.Driver", config.getString(db + "db.driver"));
    assertEquals("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("journal").resolve("supvisors-master")
        + ";DB_CLOSE_ON_EXIT=FALSE", config.getString(db + "db.url"));
    assertEquals(2, config.getInt(db + "db.maxConnections"));
  }

  @Test
  void postgresUrlSelectsThePostgresProfileAndDriver() {
    Config user = ConfigFactory.parseString("""
        supvisors.journal {
          url = "jdbc:postgresql://db.example:5432/supvisors"
          user = supvisors
          password = secret
        }""");
    Config config = Journal.config(dataDir, user);
    String db = "akka-persistence-jdbc.shared-databases.slick.";
    assertEquals("slick.jdbc.PostgresProfile$", config.getString(db + "profile"));
    assertEquals("org.postgresql.Driver", config.getString(db + "db.driver"));
    assertEquals("jdbc:postgresql://db.example:5432/supvisors", config.getString(db + "db.url"));
    assertEquals("supvisors", config.getString(db + "db.user"));
    assertEquals("secret", config.getString(db + "db.password"));
    for (String plugin : new String[] {"jdbc-journal", "jdbc-snapshot-store", "jdbc-read-journal"}) {
      assertEquals("slick", config.getString(plugin + ".use-shared-db"));
    }
  }

  @Test
  void nullUrlOfTheReferenceMeansTheEmbeddedDatabase() {
    Config user = ConfigFactory.parseString("supvisors.journal { url = null, user = null, password = null }");
    assertEquals("slick.jdbc.H2Profile$",
        Journal.config(dataDir, user).getString("akka-persistence-jdbc.shared-databases.slick.profile"));
  }

  @Test
  void otherDatabasesAreRefused() {
    Config user = ConfigFactory.parseString("supvisors.journal.url = \"jdbc:mysql://db/supvisors\"");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Journal.config(dataDir, user));
    assertEquals("invalid value for journal.url: 'jdbc:mysql://db/supvisors'. a jdbc:postgresql: or jdbc:h2: URL"
        + " expected", e.getMessage());
  }

  @Test
  void nodeAkkaConfigurationTakesTheJournalOfTheUserFile() throws IOException {
    Path file = Files.writeString(dataDir.resolve("node.conf"), """
        supvisors.journal { url = "jdbc:postgresql://db01/supvisors", user = supvisors, password = secret }
        """);
    Config akka = AkkaConfig.build(load("--config", file.toString()));
    String db = "akka-persistence-jdbc.shared-databases.slick.";
    assertEquals("jdbc-journal", akka.getString("akka.persistence.journal.plugin"));
    assertEquals("slick.jdbc.PostgresProfile$", akka.getString(db + "profile"));
    assertEquals("jdbc:postgresql://db01/supvisors", akka.getString(db + "db.url"));
    assertEquals("secret", akka.getString(db + "db.password"));
  }

  @Test
  void nodeAkkaConfigurationDefaultsToTheEmbeddedDatabase() {
    NodeSettings settings = load();
    Config akka = AkkaConfig.build(settings);
    String db = "akka-persistence-jdbc.shared-databases.slick.";
    assertEquals("jdbc-snapshot-store", akka.getString("akka.persistence.snapshot-store.plugin"));
    assertEquals("slick.jdbc.H2Profile$", akka.getString(db + "profile"));
    assertEquals("jdbc:h2:file:" + settings.dataDir().toAbsolutePath().resolve("journal").resolve("supvisors-master")
        + ";DB_CLOSE_ON_EXIT=FALSE", akka.getString(db + "db.url"));
  }

  private NodeSettings load(String... args) {
    return new NodeSettingsLoader(Map.of(), new LoopbackHost(), dataDir).loadSettings(args);
  }

  /** This machine is node1, on the loopback interface only. */
  private static final class LoopbackHost implements HostResolver {

    @Override
    public Optional<ResolvedHost> resolve(String host) {
      return Set.of("node1", "localhost", "127.0.0.1").contains(host)
          ? Optional.of(new ResolvedHost("node1", List.of("localhost"), List.of("127.0.0.1")))
          : Optional.empty();
    }

    @Override
    public String localHostName() {
      return "node1";
    }

    @Override
    public String localFqdn() {
      return "node1";
    }

    @Override
    public Set<String> localAddresses() {
      return Set.of("127.0.0.1");
    }
  }

  /**
   * Persists events (with snapshots) in one actor system, then checks that a second system on the same database
   * recovers them; the schema is ensured twice in the first system and again in the second.
   */
  private void roundTrip(Config user) {
    Config config = Journal.config(dataDir, user)
        .withFallback(ConfigFactory.parseString("""
            akka.actor.provider = local
            akka.actor.serialization-bindings { "org.supvisors.protocol.ClusterSerializable" = jackson-cbor }
            """));
    PersistenceId id = PersistenceId.ofUniqueId("journal-test-" + UUID.randomUUID());
    withSystem(config, kit -> {
      ensureSchema(kit);
      ensureSchema(kit);
      TestProbe<Object> signals = kit.createTestProbe();
      ActorRef<Counter.Command> counter = kit.spawn(Counter.create(id, signals.getRef()));
      signals.expectMessage(TIMEOUT, 0);
      TestProbe<Integer> replies = kit.createTestProbe();
      for (int by = 1; by <= 5; by++) {
        counter.tell(new Counter.Add(by, replies.getRef()));
      }
      for (int total : new int[] {1, 3, 6, 10, 15}) {
        replies.expectMessage(TIMEOUT, total);
      }
      signals.expectMessage(TIMEOUT, "snapshot 2");
      signals.expectMessage(TIMEOUT, "snapshot 4");
    });
    withSystem(config, kit -> {
      ensureSchema(kit);
      TestProbe<Object> signals = kit.createTestProbe();
      ActorRef<Counter.Command> counter = kit.spawn(Counter.create(id, signals.getRef()));
      signals.expectMessage(TIMEOUT, 15);
      TestProbe<Integer> replies = kit.createTestProbe();
      counter.tell(new Counter.Add(10, replies.getRef()));
      replies.expectMessage(TIMEOUT, 25);
    });
  }

  private static void withSystem(Config config, Consumer<ActorTestKit> test) {
    ActorTestKit kit = ActorTestKit.create("JournalTest", config);
    try {
      test.accept(kit);
    } finally {
      kit.shutdownTestKit();
    }
  }

  private static void ensureSchema(ActorTestKit kit) {
    try {
      Journal.ensureSchema(kit.system()).toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("ensureSchema failed", e);
    }
  }

  /** H2 holds a file lock while the database is open; this JVM could not take it then. */
  private static void assertFileClosed(Path file) throws IOException {
    assertTrue(Files.exists(file), "no database file " + file);
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        FileLock lock = channel.tryLock()) {
      assertFalse(lock == null, "the database file is locked by another process: " + file);
    } catch (OverlappingFileLockException e) {
      fail("the database is still open in this JVM: " + file);
    }
  }

  /**
   * A counter whose additions are events, with a snapshot every two events; tells {@code signals} its value
   * after recovery ({@code Integer}) and each snapshot written ({@code "snapshot <sequence number>"}).
   */
  static final class Counter extends EventSourcedBehavior<Counter.Command, Counter.Added, Counter.State> {

    sealed interface Command {}

    record Add(int by, ActorRef<Integer> replyTo) implements Command {}

    record Added(int by) implements ClusterSerializable {}

    record State(int value) implements ClusterSerializable {}

    private final ActorRef<Object> signals;

    static Behavior<Command> create(PersistenceId id, ActorRef<Object> signals) {
      return new Counter(id, signals);
    }

    private Counter(PersistenceId id, ActorRef<Object> signals) {
      super(id);
      this.signals = signals;
    }

    @Override
    public State emptyState() {
      return new State(0);
    }

    @Override
    public CommandHandler<Command, Added, State> commandHandler() {
      return newCommandHandlerBuilder().forAnyState()
          .onCommand(Add.class, (state, add) -> Effect().persist(new Added(add.by()))
              .thenRun(next -> add.replyTo().tell(next.value())))
          .build();
    }

    @Override
    public EventHandler<State, Added> eventHandler() {
      return newEventHandlerBuilder().forAnyState()
          .onEvent(Added.class, (state, added) -> new State(state.value() + added.by()))
          .build();
    }

    @Override
    public SignalHandler<State> signalHandler() {
      return newSignalHandlerBuilder()
          .onSignal(RecoveryCompleted.instance(), state -> signals.tell(state.value()))
          .onSignal(SnapshotCompleted.class, (state, done) -> signals.tell(
              "snapshot " + done.metadata().sequenceNr()))
          .onSignal(SnapshotFailed.class, (state, failed) -> signals.tell(failed.getFailure()))
          .build();
    }

    @Override
    public Set<String> tagsFor(Added event) {
      // Tagged events take the plugin's insert-returning path (event_tag rows).
      return Set.of("counter");
    }

    @Override
    public RetentionCriteria retentionCriteria() {
      return RetentionCriteria.snapshotEvery(2, 1);
    }
  }
}
