package org.supvisors.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.entity;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.post;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HttpServerTest {

  private static ActorSystem<Void> newSystem(String name) {
    return ActorSystem.create(Behaviors.empty(), name);
  }

  private static HttpResponse<String> get(int port) throws Exception {
    return HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesUntilCoordinatedShutdownUnbinds() throws Exception {
    ActorSystem<Void> system = newSystem("HttpServerTest-shutdown");
    ServerBinding binding = HttpServer.start(system, "127.0.0.1", 0, complete("up"))
        .toCompletableFuture().get(10, TimeUnit.SECONDS);
    int port = binding.localAddress().getPort();
    assertEquals("up", get(port).body());

    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    assertThrows(IOException.class, () -> get(port));
  }

  @Test
  void aPortInUseFailsTheStage() throws Exception {
    ActorSystem<Void> system = newSystem("HttpServerTest-conflict");
    try {
      ServerBinding first = HttpServer.start(system, "127.0.0.1", 0, complete("first"))
          .toCompletableFuture().get(10, TimeUnit.SECONDS);
      int port = first.localAddress().getPort();
      assertThrows(ExecutionException.class, () -> HttpServer
          .start(system, "127.0.0.1", port, complete("second"))
          .toCompletableFuture().get(10, TimeUnit.SECONDS));
      assertEquals("first", get(port).body());
    } finally {
      system.terminate();
      system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  // --- slow clients ---------------------------------------------------------------------------

  // Short, but not so short that a busy machine cannot parse a request head in time.
  private static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
  private static final ServerLimits SHORT = new ServerLimits(HEADER_TIMEOUT, Duration.ofSeconds(10));
  private static final ServerLimits SHORT_BODY = new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(1));

  /** {@code POST /echo} answers its body; anything else "up". */
  private static Route echo() {
    return concat(
        path("echo", () -> post(() -> entity(Unmarshaller.entityToString(), body -> complete(body)))),
        complete("up"));
  }

  private static int bind(ActorSystem<Void> system, ServerLimits limits) throws Exception {
    return HttpServer.start(system, "127.0.0.1", 0, echo(), limits)
        .toCompletableFuture().get(10, TimeUnit.SECONDS).localAddress().getPort();
  }

  private static void stop(ActorSystem<Void> system) throws Exception {
    system.terminate();
    system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  /** Reads until the peer closes or {@code limit} passes; what was read, null if still open. */
  private static String readUntilClosed(Socket socket, Duration limit) throws IOException {
    socket.setSoTimeout((int) limit.toMillis());
    InputStream in = socket.getInputStream();
    StringBuilder text = new StringBuilder();
    byte[] buffer = new byte[4096];
    try {
      for (int n; (n = in.read(buffer)) >= 0; ) {
        text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
      }
    } catch (SocketTimeoutException e) {
      return null;
    } catch (IOException e) {
      // A reset is a close too.
    }
    return text.toString();
  }

  @Test
  void aConnectionTricklingItsHeadersIsClosedAfterTheHeaderTimeout() throws Exception {
    ActorSystem<Void> system = newSystem("HttpServerTest-slow-headers");
    try {
      int port = bind(system, SHORT);
      byte[] head = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: abcdefghijklmnopqrstuvwxyz"
          .getBytes(StandardCharsets.ISO_8859_1);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        long start = System.nanoTime();
        OutputStream out = socket.getOutputStream();
        boolean closed = false;
        // One byte every 200 ms, never the end of the headers: up to 12 s in all.
        for (int i = 0; i < 60 && !closed; i++) {
          try {
            out.write(head[i % head.length]);
            out.flush();
          } catch (IOException e) {
            closed = true;
          }
          socket.setSoTimeout(200);
          try {
            closed = socket.getInputStream().read() < 0;
          } catch (SocketTimeoutException e) {
            // still open
          } catch (IOException e) {
            closed = true;
          }
        }
        Duration open = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(closed, "the connection is still open after " + open);
        assertTrue(open.compareTo(HEADER_TIMEOUT.minusMillis(100)) >= 0, "closed too early: " + open);
      }
      // The server still serves others.
      assertEquals("up", get(port).body());
    } finally {
      stop(system);
    }
  }

  @Test
  void aConnectionSendingNothingIsClosedWithoutAnswer() throws Exception {
    ActorSystem<Void> system = newSystem("HttpServerTest-silent");
    try {
      int port = bind(system, SHORT);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        assertEquals("", readUntilClosed(socket, Duration.ofSeconds(15)));
      }
    } finally {
      stop(system);
    }
  }

  @Test
  void theHeaderTimeoutOnlyBoundsTheFirstRequestOfAConnection() throws Exception {
    ActorSystem<Void> system = newSystem("HttpServerTest-keep-alive");
    try {
      int port = bind(system, SHORT);
      String request = "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
      try (Socket socket = new Socket("127.0.0.1", port)) {
        socket.setSoTimeout(5000);
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(readResponse(in).endsWith("up"));
        // Kept alive past the header timeout: a later request is still served.
        Thread.sleep(HEADER_TIMEOUT.plusSeconds(1).toMillis());
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(readResponse(in).endsWith("up"));
      }
    } finally {
      stop(system);
    }
  }

  @Test
  void aBodyTooSlowToArriveClosesTheConnection() throws Exception {
    ActorSystem<Void> system = newSystem("HttpServerTest-slow-body");
    try {
      int port = bind(system, SHORT_BODY);
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 10\r\n\r\nabc").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        String answer = readUntilClosed(socket, Duration.ofSeconds(15));
        // Closed either way; Akka may close as soon as the body stream is cancelled, before the 408 is out.
        assertTrue(answer != null, "the connection is still open");
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 408"), "answer: " + answer);
      }
      // A body sent at once is read as usual.
      HttpResponse<String> echoed = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/echo"))
              .POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals("hello", echoed.body());
    } finally {
      stop(system);
    }
  }

  /** One response with a Content-Length body, as text. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed after " + head);
      }
      head.append((char) c);
    }
    String lengthLine = head.toString().lines()
        .filter(l -> l.toLowerCase().startsWith("content-length:")).findFirst().orElseThrow();
    int length = Integer.parseInt(lengthLine.substring(lengthLine.indexOf(':') + 1).strip());
    return head + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
  }
}
