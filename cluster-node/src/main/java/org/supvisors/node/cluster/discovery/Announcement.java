package org.supvisors.node.cluster.discovery;

import java.util.List;
import java.util.Objects;

/**
 * What a Supvisors instance says about itself on the multicast group: enough to address it without a
 * {@code supvisors_list} entry (Supvisors' discovery mode).
 *
 * @param identifier the Supvisors identifier (deduced name) of the instance
 * @param host the host name or IP address the other instances reach it at
 * @param httpPort supervisord's HTTP port ({@code http_port} of a {@code supvisors_list} item)
 * @param internalPort the cluster (Akka Artery) port
 * @param managementPort the Akka Management HTTP port, probed by Cluster Bootstrap
 * @param nodeHttpPort the node's own HTTP port (dashboard, /RPC2, REST)
 * @param stereotypes the instance's {@code stereotypes}, in their configured order
 */
public record Announcement(
    String identifier,
    String host,
    int httpPort,
    int internalPort,
    int managementPort,
    int nodeHttpPort,
    List<String> stereotypes) {

  public Announcement {
    Objects.requireNonNull(identifier, "identifier");
    Objects.requireNonNull(host, "host");
    if (identifier.isBlank()) {
      throw new IllegalArgumentException("identifier must not be blank");
    }
    if (host.isBlank()) {
      throw new IllegalArgumentException("host must not be blank");
    }
    checkPort("http_port", httpPort);
    checkPort("internal_port", internalPort);
    checkPort("management_port", managementPort);
    checkPort("node_http_port", nodeHttpPort);
    stereotypes = List.copyOf(stereotypes);
  }

  private static void checkPort(String name, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException(name + " out of [1;65535]: " + port);
    }
  }
}
