package org.supvisors.node.cluster.discovery;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.config.SupvisorsOptions;

/**
 * The Akka settings of Supvisors' discovery mode: the multicast discovery method declared under
 * {@value #METHOD} and made Akka Discovery's method (hence Cluster Bootstrap's source of contact points), and
 * {@code supvisors.multicast-discovery} filled from {@code multicast_group}, {@code multicast_interface},
 * {@code multicast_ttl}, {@code stereotypes} and the local instance's address and ports.
 *
 * <p>Only the multicast method is used, even when a {@code supvisors_list} is given too: every instance of a system
 * in discovery mode announces itself, the listed ones included.
 */
public final class MulticastDiscoveryConfig {

  /** The Akka Discovery method name. */
  public static final String METHOD = "supvisors-multicast";

  private MulticastDiscoveryConfig() {}

  /** The values to lay over the node's configuration; none when the discovery mode is off. */
  public static Map<String, Object> values(NodeSettings settings) {
    SupvisorsOptions options = settings.options();
    if (!options.discoveryMode()) {
      return Map.of();
    }
    return values(options.multicastGroup().orElseThrow(), options.multicastInterface(), options.multicastTtl(),
        settings.local(), options.stereotypes());
  }

  /**
   * @param group {@code multicast_group}, {@code ip:port}
   * @param networkInterface {@code multicast_interface}, empty for any
   * @param ttl {@code multicast_ttl}
   * @param local the local instance: its host (as the other instances reach it, and as Akka Management's
   *     hostname) and ports
   * @param stereotypes {@code stereotypes}, in their written order
   */
  public static Map<String, Object> values(String group, Optional<String> networkInterface, int ttl,
      InstanceAddress local, Collection<String> stereotypes) {
    String path = MulticastSettings.PATH + ".";
    Map<String, Object> values = new HashMap<>();
    values.put("akka.discovery." + METHOD + ".class", MulticastServiceDiscovery.class.getName());
    values.put("akka.discovery.method", METHOD);
    values.put(path + "group", group);
    values.put(path + "interface", networkInterface.orElse(""));
    values.put(path + "ttl", ttl);
    values.put(path + "identifier", local.identifier());
    values.put(path + "host", local.hostId());
    values.put(path + "http-port", local.httpPort());
    values.put(path + "internal-port", local.internalPort());
    values.put(path + "management-port", local.managementPort());
    values.put(path + "node-http-port", local.nodeHttpPort());
    values.put(path + "stereotypes", List.copyOf(stereotypes));
    return values;
  }
}
