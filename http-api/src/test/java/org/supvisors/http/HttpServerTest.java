package org.supvisors.http;

import static akka.http.javadsl.server.Directives.complete;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.http.javadsl.ServerBinding;
import java.io.IOException;
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
}
