package org.supvisors.node.cluster;

import com.typesafe.config.Config;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.supvisors.node.cluster.discovery.MulticastDiscoveryConfig;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.config.NodeSettings;

/**
 * The Akka settings of cluster formation that follow from the Supvisors options: Akka Management on each instance's
 * management port, and Cluster Bootstrap with Akka Discovery as its source of contact points (the configured
 * {@code supvisors_list} through Akka's config discovery, or the instances heard by the multicast discovery method
 * when {@code multicast_group} is set) and {@link SupvisorsJoinDecider} as its join decision.
 *
 * <p>Bootstrap is off when the user lists {@code akka.cluster.seed-nodes}: Akka then joins them itself.
 */
public final class ClusterFormation {

  public static final String ROOT = "supvisors.cluster-formation";
  static final String CONTACT_POINTS = ROOT + ".contact-points";
  /** The Akka Discovery service name of the contact points. */
  public static final String SERVICE = "supvisors";

  private ClusterFormation() {}

  /** True when the user's configuration lists seed nodes, which replaces Bootstrap. */
  public static boolean usesSeedNodes(Config config) {
    return config.hasPath("akka.cluster.seed-nodes") && !config.getStringList("akka.cluster.seed-nodes").isEmpty();
  }

  /** The formation rule of the system, from the values {@link #values} wrote into its configuration. */
  public static FormationRule rule(Config config) {
    Config formation = config.getConfig(ROOT);
    return new FormationRule(
        new java.util.TreeSet<>(formation.getStringList("instances")),
        List.copyOf(formation.getStringList("core-identifiers")),
        formation.getDuration("stable-margin"),
        formation.getDuration("minority-margin"));
  }

  public static Map<String, Object> values(NodeSettings settings) {
    InstanceAddress local = settings.local();
    Map<String, Object> values = new HashMap<>();
    values.put("akka.management.http.hostname", local.hostId());
    values.put("akka.management.http.port", local.managementPort());
    values.put("akka.management.http.bind-hostname", settings.bindHost());
    values.put("akka.management.http.bind-port", local.managementPort());
    values.put("akka.management.cluster.bootstrap.contact-point-discovery.service-name", SERVICE);
    values.put("akka.management.cluster.bootstrap.join-decider.class", SupvisorsJoinDecider.class.getName());
    List<Map<String, Object>> endpoints = new ArrayList<>();
    List<Map<String, Object>> points = new ArrayList<>();
    for (InstanceAddress instance : settings.instances()) {
      endpoints.add(Map.of("host", instance.hostId(), "port", instance.managementPort()));
      points.add(Map.of("host", instance.hostId(), "port", instance.managementPort(),
          "identifier", instance.identifier()));
    }
    values.put("akka.discovery.config.services." + SERVICE + ".endpoints", endpoints);
    values.put(ROOT + ".self", local.identifier());
    values.put(ROOT + ".instances", settings.instances().stream().map(InstanceAddress::identifier).toList());
    values.put(ROOT + ".core-identifiers", settings.options().coreIdentifiers());
    values.put(CONTACT_POINTS, points);
    values.put(ROOT + ".discovery-mode", settings.options().discoveryMode());
    // With multicast_group, the instances announce themselves and the multicast method lists the contact points.
    values.putAll(MulticastDiscoveryConfig.values(settings));
    if (!settings.config().hasPath(ROOT + ".minority-margin")) {
      values.put(ROOT + ".minority-margin", settings.options().synchroTimeout() + "s");
    }
    return values;
  }
}
