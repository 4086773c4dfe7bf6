package org.supvisors.http;

import akka.Done;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.server.Route;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Binds the node's HTTP routes and ties the binding to the actor system's life: on coordinated
 * shutdown the port is released first (no new connections), then in-flight requests get a grace
 * period to finish.
 */
public final class HttpServer {

  /** How long requests already being served may still run once shutdown has begun. */
  public static final Duration TERMINATION_DEADLINE = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  /**
   * Binds {@code route} on {@code host:port}. The stage fails if the port cannot be bound; use
   * port 0 to let the system choose (see {@link ServerBinding#localAddress()}).
   */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, String host, int port, Route route) {
    return Http.get(system)
        .newServerAt(host, port)
        .bind(route)
        .whenComplete((binding, failure) -> {
          if (failure != null) {
            LOG.error("cannot bind HTTP server on {}:{}: {}", host, port,
                failure.getMessage());
          } else {
            registerShutdown(system, binding);
            LOG.info("HTTP server online at http://{}:{}/", host,
                binding.localAddress().getPort());
          }
        });
  }

  private static void registerShutdown(ActorSystem<?> system, ServerBinding binding) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind",
        binding::unbind);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-terminate",
        () -> binding.terminate(TERMINATION_DEADLINE).thenApply(terminated -> Done.done()));
  }
}
