package org.supvisors.node.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpConnectTimeoutException;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.instance.SupervisordProbe.Verdict;

/**
 * The probe over real loopback sockets (an answer, a refused connection, a reset, a server that never answers), and
 * the verdicts of the failures that loopback cannot produce (no route, connect timeout).
 */
class HttpSupervisordProbeTest {

  private static final Duration TIMEOUT = Duration.ofMillis(500);
  private final HttpSupervisordProbe probe = new HttpSupervisordProbe(TIMEOUT);

  private static InstanceAddress at(int port) {
    return new InstanceAddress("supv-02", "127.0.0.1", port, port + 1, port + 3, "127.0.0.1");
  }

  private Verdict probe(int port) throws Exception {
    return probe.probe(at(port)).toCompletableFuture().get(5, TimeUnit.SECONDS);
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
      assertEquals(Verdict.ANSWERS, probe(server.getAddress().getPort()));
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aRefusedConnectionIsRefusedAtOnce() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();
    assertEquals(Verdict.REFUSED, probe(port));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(TIMEOUT) < 0, "a refusal does not wait");
  }

  @Test
  void aResetConnectionIsRefused() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      // Every connection: the HTTP client retries a GET once on a broken connection.
      Thread resetter = new Thread(() -> {
        while (!socket.isClosed()) {
          try (Socket accepted = socket.accept()) {
            accepted.getInputStream().read(new byte[64]);
            accepted.setSoLinger(true, 0);
          } catch (IOException e) {
            // Closed at the end of the test; a wrong verdict fails it.
          }
        }
      });
      resetter.setDaemon(true);
      resetter.start();
      assertEquals(Verdict.REFUSED, probe(socket.getLocalPort()));
    }
  }

  @Test
  void aServerThatDoesNotAnswerIsNoAnswerAfterTheTimeout() throws Exception {
    // Accepted by the kernel's backlog, never read: a hung supervisord, or a host behind a cut link.
    try (ServerSocket socket = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
      long start = System.nanoTime();
      assertEquals(Verdict.NO_ANSWER, probe(socket.getLocalPort()));
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertTrue(took.compareTo(TIMEOUT.minusMillis(50)) >= 0 && took.compareTo(Duration.ofSeconds(2)) < 0,
          "bounded by the timeout: " + took);
    }
  }

  @Test
  void theFailuresOfTheHttpClientAsTheyCome() {
    // A refusal as java.net.http reports it: a bare ConnectException over the closed channel.
    assertEquals(Verdict.REFUSED, HttpSupervisordProbe.verdictOf(
        new CompletionException(new ConnectException().initCause(new ClosedChannelException()))));
    assertEquals(Verdict.REFUSED, HttpSupervisordProbe.verdictOf(new ConnectException("Connection refused")));
    assertEquals(Verdict.REFUSED, HttpSupervisordProbe.verdictOf(
        new IOException("HTTP/1.1 header parser received no bytes", new SocketException("Connection reset"))));
    // Any other connection failure is wrapped in a ConnectException too: what is below decides.
    assertEquals(Verdict.NO_ANSWER, HttpSupervisordProbe.verdictOf(new CompletionException(
        new ConnectException("java.net.NoRouteToHostException: No route to host")
            .initCause(new NoRouteToHostException("No route to host")))));
    assertEquals(Verdict.NO_ANSWER, HttpSupervisordProbe.verdictOf(
        new ConnectException("java.net.SocketException: Network is unreachable")
            .initCause(new SocketException("Network is unreachable"))));
    assertEquals(Verdict.NO_ANSWER, HttpSupervisordProbe.verdictOf(
        new HttpConnectTimeoutException("HTTP connect timed out").initCause(new ConnectException("HTTP connect timed out"))));
    assertEquals(Verdict.NO_ANSWER, HttpSupervisordProbe.verdictOf(new ConnectException("Connection timed out")));
    // A connection closed without an answer proves nothing about the processes.
    assertEquals(Verdict.NO_ANSWER, HttpSupervisordProbe.verdictOf(
        new IOException("HTTP/1.1 header parser received no bytes", new java.io.EOFException("EOF reached while reading"))));
  }
}
