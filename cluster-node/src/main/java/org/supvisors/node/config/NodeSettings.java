package org.supvisors.node.config;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything the node needs to start, read and validated once by {@link NodeSettingsLoader}.
 *
 * @param options the Supvisors options
 * @param supervisord how to reach the local supervisord
 * @param instances the Supvisors instances in declaration order; the local one alone when {@code supvisors_list}
 *     is not set
 * @param local the instance of this node, one of {@code instances}
 * @param nodeHttpPort the port of the node HTTP interface: option {@code node_http_port}, else supervisord port + 3
 * @param bindHost the address Artery and the HTTP interface bind to: the IP address of the local instance
 * @param tickPeriod option {@code tick_period}: the period of the TICK events
 * @param dataDir option {@code data_dir}: where the node keeps its files
 * @param mode whether supervisord runs the node
 * @param config the whole resolved configuration, {@code akka} overrides of the user's file included
 */
public record NodeSettings(
    SupvisorsOptions options,
    SupervisordSettings supervisord,
    List<InstanceAddress> instances,
    InstanceAddress local,
    int nodeHttpPort,
    String bindHost,
    Duration tickPeriod,
    Path dataDir,
    NodeMode mode,
    Config config) {

  public NodeSettings {
    instances = List.copyOf(instances);
  }

  /** The instance of that deduced name, if declared. */
  public Optional<InstanceAddress> instance(String identifier) {
    return instances.stream().filter(i -> i.identifier().equals(identifier)).findFirst();
  }

  /**
   * The port of the local event publication: option {@code event_port}, else Supvisors' rule (internal port + 1,
   * or HTTP port + 1 if that would be the HTTP port).
   */
  public int eventPort() {
    if (options.eventPort() > 0) {
      return options.eventPort();
    }
    int port = local.internalPort() + 1;
    return port == local.httpPort() ? local.httpPort() + 1 : port;
  }

  @Override
  public String toString() {
    // The full Config is large and may hold secrets: leave it out of log lines.
    return "NodeSettings[options=" + options + ", supervisord=" + supervisord + ", instances=" + instances
        + ", local=" + local + ", nodeHttpPort=" + nodeHttpPort + ", bindHost=" + bindHost + ", tickPeriod="
        + tickPeriod + ", dataDir=" + dataDir + ", mode=" + mode + "]";
  }
}
