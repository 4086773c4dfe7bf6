package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.supvisors.node.config.InstanceAddress;

/** The probe over real loopback sockets: an answer, a refused connection, a server that never answers. */
class HttpSupervisordProbeTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private final HttpSupervisordProbe probe = new HttpSupervisordProbe(TIMEOUT);

  private static InstanceAddress at(int port) {
    return new InstanceAddress("supv-02", "127.0.0.1", port, port + 1, port + 3, "127.0.0.1");
  }

  private boolean alive(int port) throws Exception {
    return probe.alive(at(port)).toCompletableFuture().get(5, TimeUnit.SECONDS);
  }

  @Test
  void anyHttpAnswerMeansAliveEvenAnAuthenticationRefusal() throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", exchange -> {
      exchange.sendResponseHeaders(401, -1);
      exchange.close();
    });
    server.start();
    try {
      assertTrue(alive(server.getAddress().getPort()));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRefusedConnectionIsDeadAtOnce() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();
    assertFalse(alive(port));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(TIMEOUT) < 0, "a refusal does not wait");
  }

  @Test
  void aServerThatDoesNotAnswerIsDeadAfterTheTimeout() throws IOException, Exception {
    // Accepted by the kernel's backlog, never read: a hung supervisord.
    try (ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      assertFalse(alive(socket.getLocalPort()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(TIMEOUT.minusMillis(50)) >= 0 && took.compareTo(Duration.ofSeconds(2)) < 0,
          "bounded by the timeout: " + took);
    }
  }
}
