package org.supvisors.node.cluster.discovery;

import akka.discovery.Lookup;
import akka.discovery.ServiceDiscovery.Resolved;
import akka.discovery.ServiceDiscovery.ResolvedTarget;
import java.net.InetAddress;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import scala.Option;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An Akka Discovery answer made from announcements. Every instance heard on the group is a target, whatever the
 * service name looked up: the group holds one Supvisors system.
 *
 * <p>The port is chosen by the lookup's port name: none or {@code management} gives the Akka Management port (what
 * Cluster Bootstrap probes), {@code internal} the cluster port, {@code http} the node's HTTP port,
 * {@code supervisor} supervisord's. The target's address is the host when it is an IPv4 literal (no name lookup),
 * so that every node sorts the contact points alike.
 */
public final class DiscoveryTargets {

  public static final String MANAGEMENT = "management";
  public static final String INTERNAL = "internal";
  public static final String HTTP = "http";
  public static final String SUPERVISOR = "supervisor";

  private DiscoveryTargets() {}

  /** The targets of {@code announcements} for {@code lookup}, sorted by host then port. */
  public static Resolved resolve(Lookup lookup, Collection<Announcement> announcements) {
    String portName = lookup.getPortName().orElse(MANAGEMENT).toLowerCase(Locale.ROOT);
    List<ResolvedTarget> targets = announcements.stream()
        .sorted(Comparator.comparing(Announcement::host).thenComparingInt(a -> port(a, portName)))
        .map(a -> target(a, port(a, portName)))
        .toList();
    return new Resolved(lookup.serviceName(), CollectionConverters.asScala(targets).toList());
  }

  static int port(Announcement a, String portName) {
    return switch (portName) {
      case MANAGEMENT -> a.managementPort();
      case INTERNAL -> a.internalPort();
      case HTTP -> a.nodeHttpPort();
      case SUPERVISOR -> a.httpPort();
      default -> throw new IllegalArgumentException("unknown port name \"" + portName + "\": expected "
          + List.of(MANAGEMENT, INTERNAL, HTTP, SUPERVISOR));
    };
  }

  private static ResolvedTarget target(Announcement a, int port) {
    Option<InetAddress> address = Option.apply(MulticastSettings.ipv4(a.host()).orElse(null));
    return new ResolvedTarget(a.host(), Option.apply(port), address);
  }
}
