package org.supvisors.node.api;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.supvisors.node.supervisor.SupervisorClient;
import org.supvisors.node.supervisor.XmlRpcSupervisorClient;

/**
 * A real supervisord for tests, in the foreground ({@code -n}) on a free loopback port, with its
 * configuration, logs and child logs in a directory of the test. It manages two programs:
 * {@code prog} (not started automatically; prints {@value #PROG_OUTPUT} then sleeps) and
 * {@code other} (started at once). {@link #close()} stops it by pid, its children included, even
 * when the start failed half-way.
 */
final class Supervisord implements AutoCloseable {

  static final String PROG_OUTPUT = "hello from prog";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration POLL_PERIOD = Duration.ofMillis(100);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

  private final Path dir;
  private final int port;
  private final ExecutorService blocking = Executors.newCachedThreadPool();
  private final SupervisorClient client;
  private Process process;

  private Supervisord(Path dir, int port) {
    this.dir = dir;
    this.port = port;
    this.client = new XmlRpcSupervisorClient(url(), null, null, 5000, blocking);
  }

  /** Starts supervisord in {@code dir} and returns once it answers supervisor.getState. */
  static Supervisord start(Path dir) throws Exception {
    Supervisord supervisord = new Supervisord(dir, freePort());
    try {
      supervisord.launch();
      return supervisord;
    } catch (Exception | Error e) {
      supervisord.close();
      throw e;
    }
  }

  /** The XML-RPC URL of supervisord itself. */
  String url() {
    return "http://127.0.0.1:" + port + "/RPC2";
  }

  /** The {@code -s} value that points supervisorctl at supervisord itself. */
  String serverUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** A client of this supervisord, as the node builds it. */
  SupervisorClient client() {
    return client;
  }

  private void launch() throws Exception {
    Path conf = dir.resolve("supervisord.conf");
    Files.writeString(conf, configuration());
    process = new ProcessBuilder("supervisord", "-n", "-c", conf.toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("supervisord.out").toFile())
        .start();
    Instant deadline = Instant.now().plus(START_TIMEOUT);
    Exception last = null;
    while (Instant.now().isBefore(deadline)) {
      if (!process.isAlive()) {
        throw new IllegalStateException("supervisord exited with " + process.exitValue() + ": "
            + Files.readString(dir.resolve("supervisord.out")));
      }
      try {
        client.getState().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return;
      } catch (Exception e) {
        last = e;
      }
      Thread.sleep(POLL_PERIOD.toMillis());
    }
    throw new IllegalStateException("supervisord did not answer within " + START_TIMEOUT, last);
  }

  private String configuration() {
    return String.join("\n", List.of(
        "[supervisord]",
        "nodaemon=true",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "",
        "[inet_http_server]",
        "port=127.0.0.1:" + port,
        "",
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        "[program:prog]",
        "command=/bin/sh -c \"echo " + PROG_OUTPUT + "; exec sleep 600\"",
        "autostart=false",
        "startsecs=1",
        "stopwaitsecs=2",
        "stdout_logfile=" + dir.resolve("prog.log"),
        "",
        "[program:other]",
        "command=sleep 600",
        "startsecs=0",
        "stopwaitsecs=2",
        ""));
  }

  /** Stops supervisord by pid; if it does not stop in time, kills it and whatever it spawned. */
  @Override
  public void close() throws InterruptedException {
    try {
      if (process != null) {
        List<ProcessHandle> children = process.descendants().toList();
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }
        // supervisord stops its children on SIGTERM; these are only left after a forced kill.
        children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
      }
    } finally {
      blocking.shutdownNow();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
