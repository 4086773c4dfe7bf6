package org.supvisors.node.config;

/**
 * One element of {@code supvisors_list}, resolved.
 *
 * @param identifier the deduced name of the instance (identifier, else {@code host:http_port}, else host), as the
 *     rules files and the API use it
 * @param hostId the host as written in the list; it is the {@code node_name} of the wire format
 * @param httpPort the port of the supervisord XML-RPC interface
 * @param internalPort the Akka Artery port: given in the item, else option {@code internal_port} if set, else
 *     {@code httpPort + 1}
 * @param nodeHttpPort the port of the node HTTP interface: option {@code node_http_port} if set, else
 *     {@code httpPort + 3}
 * @param ipAddress the first IP address the host resolves to; the "node" key of load computations
 */
public record InstanceAddress(
    String identifier, String hostId, int httpPort, int internalPort, int nodeHttpPort, String ipAddress) {

  /**
   * The port of the node's Akka Management endpoint (cluster membership, health checks, and the contact point of
   * Cluster Bootstrap): the port after the node HTTP port, so {@code http_port + 4} by default.
   */
  public int managementPort() {
    return nodeHttpPort + 1;
  }
}
