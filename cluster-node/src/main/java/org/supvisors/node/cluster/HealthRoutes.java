package org.supvisors.node.cluster;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.concat;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.onComplete;
import static akka.http.javadsl.server.Directives.path;

import akka.actor.ExtendedActorSystem;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.server.Route;
import akka.management.HealthCheckSettings;
import akka.management.javadsl.CheckResult;
import akka.management.javadsl.HealthChecks;
import akka.management.javadsl.ManagementRouteProvider;
import akka.management.javadsl.ManagementRouteProviderSettings;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * {@code GET /ready} and {@code GET /alive} on the management port, over Akka Management's own health checks (the
 * {@code akka.management.health-checks} lists). It replaces Management's routes only to answer a failing check with
 * 503 Service Unavailable, as load balancers and orchestrators expect, where Management 1.1 answers 500.
 */
public final class HealthRoutes implements ManagementRouteProvider {

  private final HealthChecks checks;
  private final HealthCheckSettings settings;

  public HealthRoutes(ExtendedActorSystem system) {
    this.settings = HealthCheckSettings.create(system.settings().config().getConfig("akka.management.health-checks"));
    this.checks = new HealthChecks(system, settings);
  }

  @Override
  public Route routes(ManagementRouteProviderSettings routeSettings) {
    return get(() -> concat(
        path(settings.readinessPath(), () -> answer(checks::readyResult)),
        path(settings.livenessPath(), () -> answer(checks::aliveResult))));
  }

  private static Route answer(Supplier<CompletionStage<CheckResult>> check) {
    return onComplete(check.get(), result -> {
      if (result.isSuccess() && result.get().isSuccess()) {
        return complete(StatusCodes.OK, "OK");
      }
      String reason = result.isSuccess() ? result.get().failure().orElse("not healthy") : result.failed().get().getMessage();
      return complete(StatusCodes.SERVICE_UNAVAILABLE, "Not Healthy: " + reason);
    });
  }
}
