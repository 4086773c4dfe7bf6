package org.supvisors.node.cluster;

import static akka.http.javadsl.server.Directives.complete;
import static akka.http.javadsl.server.Directives.get;
import static akka.http.javadsl.server.Directives.path;
import static akka.http.javadsl.server.Directives.pathPrefix;

import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.server.Route;
import java.util.concurrent.atomic.AtomicReference;

/** GET /cluster/join-info: this node's membership, read by nodes that start (see {@link ClusterJoiner}). */
public final class JoinInfoRoute {

  public static final String PATH = "/cluster/join-info";

  private final String identifier;
  private final String address;
  private final AtomicReference<String> status;

  public JoinInfoRoute(String identifier, String address, AtomicReference<String> status) {
    this.identifier = identifier;
    this.address = address;
    this.status = status;
  }

  public Route routes() {
    return pathPrefix("cluster", () -> path("join-info", () -> get(() ->
        complete(HttpEntities.create(ContentTypes.APPLICATION_JSON,
            new JoinInfo(identifier, address, status.get()).toJson())))));
  }
}
