package org.supvisors.node.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.supvisors.node.supervisor.SupervisorClient;
import org.supvisors.node.supervisor.XmlRpcSupervisorClient;
import org.supvisors.protocol.SupervisorState;

/**
 * A real supervisord ({@code supervisord -n -c}) on a free loopback port, in a temporary
 * directory, with its XML-RPC client. {@link #close()} kills it and its children by pid.
 */
public final class RealSupervisord implements AutoCloseable {

  private final Path dir;
  private final int port;
  private final ExecutorService executor = Executors.newFixedThreadPool(2);
  private final SupervisorClient client;
  private Process process;

  public RealSupervisord(Path dir) throws IOException {
    this.dir = dir;
    this.port = freePort();
    this.client = new XmlRpcSupervisorClient(url(), null, null, 5000, executor);
  }

  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  public String url() {
    return "http://127.0.0.1:" + port + "/RPC2";
  }

  /** The {@code -s} value that points supervisorctl at this supervisord. */
  public String serverUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** Configures with the given program sections, starts, and waits until it answers. */
  public static RealSupervisord start(Path dir, String programs) throws Exception {
    RealSupervisord supervisord = new RealSupervisord(dir);
    try {
      supervisord.configure(programs);
      supervisord.start();
      return supervisord;
    } catch (Exception | Error e) {
      supervisord.close();
      throw e;
    }
  }

  public Path dir() {
    return dir;
  }

  public SupervisorClient client() {
    return client;
  }

  /** Writes the configuration: the server sections, then the given program sections. */
  public void configure(String programs) throws IOException {
    String conf = String.join("\n",
        "[supervisord]",
        "logfile=" + dir.resolve("supervisord.log"),
        "pidfile=" + dir.resolve("supervisord.pid"),
        "childlogdir=" + dir,
        "loglevel=debug",
        "[inet_http_server]",
        "port=127.0.0.1:" + port,
        "[rpcinterface:supervisor]",
        "supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface",
        "",
        programs);
    Files.writeString(dir.resolve("supervisord.conf"), conf);
  }

  /** Starts supervisord and waits until it answers RUNNING (bounded). */
  public void start() throws Exception {
    process = new ProcessBuilder("supervisord", "-n", "-c", dir.resolve("supervisord.conf").toString())
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("stdout.log").toFile())
        .start();
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("supervisord exited: " + Files.readString(dir.resolve("stdout.log")));
      }
      try {
        if (client.getState().toCompletableFuture().get(2, TimeUnit.SECONDS) == SupervisorState.RUNNING) {
          return;
        }
      } catch (Exception notYet) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("supervisord did not answer within 20 s");
  }

  @Override
  public void close() {
    if (process != null) {
      ProcessHandle handle = process.toHandle();
      // Read before: once supervisord is gone, its orphans are no longer its descendants.
      List<ProcessHandle> children = handle.descendants().toList();
      // supervisord stops its children on SIGTERM; whatever is left is killed.
      handle.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      children.forEach(ProcessHandle::destroyForcibly);
      handle.destroyForcibly();
    }
    executor.shutdownNow();
  }
}
