package org.supvisors.node.testkit;

import com.sun.security.auth.module.UnixSystem;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.supvisors.node.journal.Journal;

/**
 * A throwaway PostgreSQL server for the tests of the production journal, from the binaries of the Debian
 * {@code postgresql} package ({@code /usr/lib/postgresql/<version>/bin}, the highest version).
 *
 * <p>Register with {@code @RegisterExtension static final RealPostgres postgres = new RealPostgres();} and call
 * {@link #newDatabase()} in a test: the first call of the test run initializes a cluster in a temporary directory
 * ({@code initdb}, trust authentication, superuser {@value #SUPERUSER}) and starts {@code postgres} on a free
 * loopback port (TCP only), then waits until it accepts a JDBC connection; each call creates a new empty database.
 * The server is shared by the whole test run: it is stopped by pid when the run ends, failed tests or not (a fast
 * shutdown, then SIGKILL of its processes after a bounded wait), or by a JVM shutdown hook otherwise, and its
 * directory is deleted. When the
 * tests run as root, the server runs as the unprivileged user {@code postgres} (created by the package; another
 * with {@code -Dsupvisors.test.postgres.os-user}) through {@code runuser}, and the temporary directory is its own.
 *
 * <p>Without the binaries, the tests calling {@link #newDatabase()} are skipped (assumption), not failed.
 * With {@code -Dsupvisors.test.journal.url=jdbc:postgresql://...} (and {@code .user}, {@code .password}), no server
 * is started: every call returns that database.
 */
public final class RealPostgres implements BeforeEachCallback, AfterEachCallback {

  /** The superuser of the throwaway cluster, which the tests connect as (no password: trust). */
  public static final String SUPERUSER = "supvisors";

  static final String URL_PROPERTY = "supvisors.test.journal.url";
  static final String USER_PROPERTY = "supvisors.test.journal.user";
  static final String PASSWORD_PROPERTY = "supvisors.test.journal.password";
  static final String OS_USER_PROPERTY = "supvisors.test.postgres.os-user";
  private static final Path DEBIAN_HOME = Path.of("/usr/lib/postgresql");
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RealPostgres.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  /** The context of the running test, where the server of the run is kept. */
  private volatile ExtensionContext current;

  /** A database of the server: JDBC URL and credentials. */
  public record Database(String url, String user, String password) {

    /** The user configuration (HOCON) of a node whose journal is this database, for {@link Journal#config}. */
    public Config journalSettings() {
      return ConfigFactory.parseMap(Map.of(Journal.URL_KEY, url, Journal.USER_KEY, user,
          Journal.PASSWORD_KEY, password));
    }

    public Connection connect() throws SQLException {
      return RealPostgres.connect(url, user, password, 5);
    }
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    current = context;
  }

  @Override
  public void afterEach(ExtensionContext context) {
    current = null;
  }

  /**
   * A new empty database, on the server of the test run (started on the first call); or the database of
   * {@code -Dsupvisors.test.journal.url} when given. Skips the calling test when the server binaries are missing.
   */
  public Database newDatabase() {
    String url = System.getProperty(URL_PROPERTY, "");
    if (!url.isEmpty()) {
      return new Database(url, System.getProperty(USER_PROPERTY, ""), System.getProperty(PASSWORD_PROPERTY, ""));
    }
    ExtensionContext context = current;
    if (context == null) {
      throw new IllegalStateException("RealPostgres.newDatabase() is for test methods of a class that registers it");
    }
    Optional<Path> bin = binaries();
    Assumptions.assumeTrue(bin.isPresent(), "PostgreSQL test skipped: no server binaries in " + DEBIAN_HOME
        + "/<version>/bin (install the postgresql package, as .ci/run does)");
    Optional<UserPrincipal> osUser = Optional.empty();
    if (isRoot()) {
      String name = System.getProperty(OS_USER_PROPERTY, "postgres");
      osUser = lookupUser(name);
      Assumptions.assumeTrue(osUser.isPresent(), "PostgreSQL test skipped: running as root and there is no user '"
          + name + "' to run the server as (the postgresql package creates 'postgres')");
    }
    Optional<UserPrincipal> runAs = osUser;
    Server server = context.getRoot().getStore(NAMESPACE)
        .getOrComputeIfAbsent(Server.class, key -> Server.start(bin.get(), runAs), Server.class);
    return server.createDatabase();
  }

  /** The bin directory of the highest installed version that has both initdb and postgres. */
  static Optional<Path> binaries() {
    if (!Files.isDirectory(DEBIAN_HOME)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_HOME)) {
      return versions
          .filter(version -> version.getFileName().toString().matches("\\d+(\\.\\d+)?"))
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
          .max(Comparator.comparingDouble(bin -> Double.parseDouble(bin.getParent().getFileName().toString())));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static boolean isRoot() {
    return new UnixSystem().getUid() == 0;
  }

  private static Optional<UserPrincipal> lookupUser(String name) {
    try {
      return Optional.of(FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByName(name));
    } catch (UserPrincipalNotFoundException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Connection connect(String url, String user, String password, int timeoutSeconds)
      throws SQLException {
    Properties properties = new Properties();
    properties.setProperty("user", user);
    if (!password.isEmpty()) {
      properties.setProperty("password", password);
    }
    properties.setProperty("connectTimeout", String.valueOf(timeoutSeconds));
    properties.setProperty("socketTimeout", "30");
    return DriverManager.getConnection(url, properties);
  }

  /** One running server, closed with the root context of the test run. */
  private static final class Server implements ExtensionContext.Store.CloseableResource {

    private final Path dir;
    private final int port;
    private final Process process;
    private final Path bin;
    /** The user the server runs as, through runuser (whose child is then the postmaster); none: this one. */
    private final Optional<UserPrincipal> runAs;
    private final Thread hook;
    private final AtomicInteger databases = new AtomicInteger();
    private boolean closed;

    private Server(Path bin, Optional<UserPrincipal> runAs, Path dir, int port, Process process) {
      this.bin = bin;
      this.runAs = runAs;
      this.dir = dir;
      this.port = port;
      this.process = process;
      this.hook = new Thread(this::stop, "real-postgres-stop");
      Runtime.getRuntime().addShutdownHook(hook);
    }

    static Server start(Path bin, Optional<UserPrincipal> runAs) {
      Path dir = null;
      try {
        dir = Files.createTempDirectory("supvisors-postgres-",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        if (runAs.isPresent()) {
          Files.setOwner(dir, runAs.get());
        }
        Path data = dir.resolve("data");
        Path initLog = dir.resolve("initdb.log");
        Process initdb = command(runAs, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
            "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync")
            .redirectErrorStream(true).redirectOutput(initLog.toFile()).start();
        if (!initdb.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          initdb.destroyForcibly();
          throw new IllegalStateException("initdb did not finish within " + START_TIMEOUT.toSeconds() + " s");
        }
        if (initdb.exitValue() != 0) {
          throw new IllegalStateException("initdb failed (" + initdb.exitValue() + "): " + Files.readString(initLog));
        }
        // A port taken between the probe and the bind makes postgres exit: then try another one.
        IllegalStateException failure = null;
        for (int attempt = 0; attempt < 3; attempt++) {
          int port = freePort();
          Path log = dir.resolve("postgres-" + port + ".log");
          Process process = command(runAs, bin.resolve("postgres").toString(), "-D", data.toString(),
              "-p", String.valueOf(port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories=",
              "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")
              .redirectErrorStream(true).redirectOutput(log.toFile()).start();
          Server server = new Server(bin, runAs, dir, port, process);
          try {
            server.awaitConnection(log);
            return server;
          } catch (IllegalStateException e) {
            server.stop(false);
            failure = e;
          } catch (Exception | Error e) {
            server.stop(false);
            throw e;
          }
        }
        throw failure;
      } catch (IOException e) {
        deleteQuietly(dir);
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        deleteQuietly(dir);
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      } catch (RuntimeException e) {
        deleteQuietly(dir);
        throw e;
      }
    }

    /** The command, run as {@code runAs} when given (the tests run as root). */
    private static ProcessBuilder command(Optional<UserPrincipal> runAs, String... command) {
      List<String> line = new ArrayList<>();
      runAs.ifPresent(user -> line.addAll(List.of("runuser", "-u", user.getName(), "--")));
      line.addAll(List.of(command));
      return new ProcessBuilder(line);
    }

    private static int freePort() throws IOException {
      try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
        return socket.getLocalPort();
      }
    }

    private String url(String database) {
      return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Polls until the server accepts a JDBC connection (bounded), or fails with its log when it exits. */
    private void awaitConnection(Path log) throws IOException, InterruptedException {
      long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
      SQLException last = null;
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("postgres exited (" + process.exitValue() + "): " + Files.readString(log));
        }
        try (Connection connection = connect(url("postgres"), SUPERUSER, "", 2)) {
          if (connection.isValid(2)) {
            return;
          }
        } catch (SQLException e) {
          last = e;
        }
        Thread.sleep(100);
      }
      throw new IllegalStateException("postgres did not accept connections on 127.0.0.1:" + port + " within "
          + START_TIMEOUT.toSeconds() + " s (" + last + "): " + Files.readString(log));
    }

    Database createDatabase() {
      String name = "test_" + databases.incrementAndGet();
      try (Connection connection = connect(url("postgres"), SUPERUSER, "", 5);
          Statement statement = connection.createStatement()) {
        statement.execute("CREATE DATABASE " + name);
      } catch (SQLException e) {
        throw new IllegalStateException("could not create database " + name + ": " + e.getMessage(), e);
      }
      return new Database(url(name), SUPERUSER, "");
    }

    @Override
    public void close() {
      stop(true);
    }

    private void stop() {
      stop(true);
    }

    /**
     * Stops the server by pid: a fast shutdown (SIGINT to the postmaster, sent by {@code pg_ctl kill}, as the
     * server's user: open sessions are ended), or SIGTERM when that cannot be sent; after a bounded wait, SIGKILL
     * to whatever is left of its processes. Deletes the directory when {@code delete}.
     */
    private synchronized void stop(boolean delete) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // called by the hook itself
      }
      ProcessHandle launcher = process.toHandle();
      // Read before: once the postmaster is gone, its backends are no longer its descendants.
      List<ProcessHandle> processes = new ArrayList<>(launcher.descendants().toList());
      processes.add(launcher);
      // The postmaster is the launcher itself, or its child when started through runuser.
      ProcessHandle postmaster = runAs.isPresent() ? launcher.children().findFirst().orElse(launcher) : launcher;
      try {
        if (!signal(postmaster, "INT")) {
          postmaster.destroy();
        }
        postmaster.onExit().get(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception timeout) {
        // killed below
      }
      processes.forEach(ProcessHandle::destroyForcibly);
      if (delete) {
        deleteQuietly(dir);
      }
    }

    /** Sends a signal to a process of the server with {@code pg_ctl kill} (bounded); whether it was sent. */
    private boolean signal(ProcessHandle target, String signal) {
      try {
        Process kill = command(runAs, bin.resolve("pg_ctl").toString(), "kill", signal, String.valueOf(target.pid()))
            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!kill.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
          kill.destroyForcibly();
          return false;
        }
        return kill.exitValue() == 0;
      } catch (IOException e) {
        return false;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
  }

  private static void deleteQuietly(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> {
        try {
          Files.deleteIfExists(path);
        } catch (IOException e) {
          // left behind: in the temporary directory
        }
      });
    } catch (IOException | UncheckedIOException e) {
      // left behind: in the temporary directory
    }
  }
}
