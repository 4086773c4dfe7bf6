package org.supvisors.http;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.extractRequestEntity;
import static akka.http.javadsl.server.Directives.failWith;
import static akka.http.javadsl.server.Directives.mapRequest;
import static akka.http.javadsl.server.Directives.onComplete;

import akka.Done;
import akka.NotUsed;
import akka.actor.CoordinatedShutdown;
import akka.actor.typed.ActorSystem;
import akka.http.javadsl.Http;
import akka.http.javadsl.ServerBinding;
import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.Connection;
import akka.http.javadsl.server.Route;
import akka.stream.javadsl.Flow;
import akka.stream.javadsl.Source;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.util.Try;

/**
 * Binds the node's HTTP routes and ties the binding to the actor system's life: on coordinated
 * shutdown the port is released first (no new connections), then in-flight requests get a grace
 * period to finish.
 *
 * <p>Slow clients are bounded here ({@link ServerLimits}): a connection must deliver the headers of
 * its first request within the header timeout, else it is closed, and a request body must arrive
 * within the entity timeout, else it is answered with 408. Akka HTTP only bounds a connection by its
 * idle-timeout, which is long on the node (a forwarded call may wait for minutes); without these
 * limits, clients trickling their headers hold connections until every slot of
 * {@code akka.http.server.max-connections} is taken.
 */
public final class HttpServer {

  /** How long requests already being served may still run once shutdown has begun. */
  public static final Duration TERMINATION_DEADLINE = Duration.ofSeconds(10);

  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);

  private HttpServer() {}

  /**
   * Binds {@code route} on {@code host:port} with the limits of the system's configuration
   * ({@code supvisors.http}).
   */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, String host, int port, Route route) {
    return start(system, host, port, route, ServerLimits.from(system.settings().config()));
  }

  /**
   * Binds {@code route} on {@code host:port}. The stage fails if the port cannot be bound; use
   * port 0 to let the system choose (see {@link ServerBinding#localAddress()}).
   */
  public static CompletionStage<ServerBinding> start(
      ActorSystem<?> system, String host, int port, Route route, ServerLimits limits) {
    return Http.get(system)
        .newServerAt(host, port)
        .logTo(ServerLog.of(system))
        .bindFlow(connectionHandler(system, route, limits))
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

  /**
   * The handler of one connection (materialized once per connection). When no complete request
   * has come within the header timeout, the request stream ends: the server layer then closes the
   * connection without an answer, there being no request to answer.
   */
  static Flow<HttpRequest, HttpResponse, NotUsed> connectionHandler(
      ActorSystem<?> system, Route route, ServerLimits limits) {
    Duration headerTimeout = limits.requestHeaderTimeout();
    return Flow.of(HttpRequest.class)
        .initialTimeout(headerTimeout)
        .recoverWithRetries(1, TimeoutException.class, () -> {
          LOG.debug("connection closed: no complete request headers within {}", headerTimeout);
          return Source.empty();
        })
        .via(strictEntity(system, limits.requestEntityTimeout(), route).flow(system));
  }

  /**
   * Reads the whole request body, within {@code timeout}, before {@code inner} sees the request;
   * a body still incomplete then gets 408 and the connection is closed (what is left of the body
   * could not be skipped in time either). Size limits are Akka's
   * ({@code akka.http.server.parsing.max-content-length}).
   */
  static Route strictEntity(ActorSystem<?> system, Duration timeout, Route inner) {
    return extractRequestEntity(entity -> onComplete(
        () -> entity.toStrict(timeout.toMillis(), system),
        strict -> withBody(strict, inner)));
  }

  private static Route withBody(Try<HttpEntity.Strict> strict, Route inner) {
    if (strict.isSuccess()) {
      return mapRequest(request -> request.withEntity(strict.get()), () -> inner);
    }
    Throwable failure = strict.failed().get();
    if (failure instanceof TimeoutException) {
      return complete(HttpResponse.create()
          .withStatus(StatusCodes.REQUEST_TIMEOUT)
          .addHeader(Connection.create("close")));
    }
    // Too large (413) and the like: Akka's default handling.
    return failWith(failure);
  }

  private static void registerShutdown(ActorSystem<?> system, ServerBinding binding) {
    CoordinatedShutdown shutdown = CoordinatedShutdown.get(system);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceUnbind(), "http-unbind",
        binding::unbind);
    shutdown.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "http-terminate",
        () -> binding.terminate(TERMINATION_DEADLINE).thenApply(terminated -> Done.done()));
  }
}
