package org.supvisors.node.api;

import akka.http.javadsl.server.Route;
import java.util.Optional;
import org.supvisors.http.SupvisorsService;
import org.supvisors.http.xmlrpc.XmlRpcRoute;
import org.supvisors.http.xmlrpc.XmlRpcSettings;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.supervisor.SupervisorClient;

/**
 * The node's public HTTP API: XML-RPC at /RPC2, protected like the local supervisord. Calls outside
 * the {@code supvisors} namespace go to the local supervisord, so the node's URL serves Supervisor
 * clients too.
 */
public final class ApiRoutes {

  private ApiRoutes() {}

  public static Route create(
      SupvisorsService service, SupervisorClient supervisor, NodeSettings settings) {
    XmlRpcSettings xmlRpc = XmlRpcSettings.defaults();
    String username = settings.supervisord().username();
    if (username != null && !username.isEmpty()) {
      // Clients of Supvisors present supervisord's account: the node accepts the same one.
      xmlRpc = xmlRpc.withCredentials(username, settings.supervisord().password());
    }
    return new XmlRpcRoute(service, Optional.of(new LocalSupervisorProxy(supervisor)), xmlRpc)
        .routes();
  }
}
