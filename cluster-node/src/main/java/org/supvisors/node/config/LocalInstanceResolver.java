package org.supvisors.node.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.node.config.HostResolver.ResolvedHost;
import org.supvisors.node.config.SupvisorsListParser.Item;

/**
 * Resolves the {@code supvisors_list} items into addresses and finds the one of this node.
 *
 * <p>The local item is the one whose {@code <identifier>} is the supervisord identifier (when it is not Supervisor's
 * default); otherwise the unique item whose host is this machine (a name of it, one of its addresses, or a loopback
 * name or address) and whose HTTP port is the local supervisord port. As in Supvisors, an unknown host, no match
 * or several matches are fatal: the node would otherwise join the cluster under a wrong name.
 */
final class LocalInstanceResolver {

  private static final Logger LOG = LoggerFactory.getLogger(LocalInstanceResolver.class);

  private final HostResolver resolver;

  LocalInstanceResolver(HostResolver resolver) {
    this.resolver = resolver;
  }

  /** The resolved instances, in declaration order, and the local one among them. */
  record Instances(List<InstanceAddress> all, InstanceAddress local) {

    Instances {
      all = List.copyOf(all);
    }
  }

  /**
   * Resolves the items.
   *
   * @param items the parsed {@code supvisors_list}; empty means this node alone
   * @param supervisord the local supervisord, whose port fills the items without one
   * @param internalPortOption option {@code internal_port}, 0 when unset
   * @param nodeHttpPortOption option {@code node_http_port}, 0 when unset
   */
  Instances resolve(List<Item> items, SupervisordSettings supervisord, int internalPortOption,
      int nodeHttpPortOption) {
    return resolve(items, supervisord, internalPortOption, nodeHttpPortOption, false);
  }

  /**
   * Resolves the items.
   *
   * @param discoveryMode {@code multicast_group} is set: without {@code supvisors_list}, the others reach this
   *     instance at the host its supervisord listens on (see {@link #selfHost})
   */
  Instances resolve(List<Item> items, SupervisordSettings supervisord, int internalPortOption,
      int nodeHttpPortOption, boolean discoveryMode) {
    List<Item> effective = items.isEmpty() ? List.of(selfItem(supervisord, discoveryMode)) : items;
    List<InstanceAddress> addresses = new ArrayList<>();
    List<InstanceAddress> hostCandidates = new ArrayList<>();
    Optional<InstanceAddress> byIdentifier = Optional.empty();
    for (Item item : effective) {
      ResolvedHost host = resolver.resolve(item.host()).filter(h -> !h.ipAddresses().isEmpty())
          .orElseThrow(() -> new ConfigurationException("could not define a Supvisors identification from \""
              + item.item() + "\" in supvisors_list: unknown host " + item.host()));
      int httpPort = item.httpPort().orElse(supervisord.httpPort());
      int internalPort = item.internalPort()
          .orElse(internalPortOption > 0 ? internalPortOption : httpPort + 1);
      int nodeHttpPort = nodeHttpPortOption > 0 ? nodeHttpPortOption : httpPort + 3;
      InstanceAddress address = new InstanceAddress(item.deducedName(), item.host(), httpPort, internalPort,
          nodeHttpPort, host.ipAddresses().get(0));
      addresses.add(address);
      if (supervisord.hasCustomIdentifier() && item.identifier().equals(Optional.of(supervisord.identifier()))) {
        byIdentifier = Optional.of(address);
      }
      if (isLocal(host) && httpPort == supervisord.httpPort()) {
        hostCandidates.add(address);
      }
    }
    // The implicit item is this instance by construction.
    InstanceAddress local = items.isEmpty() ? addresses.get(0)
        : byIdentifier.orElseGet(() -> uniqueCandidate(hostCandidates, supervisord));
    checkLocal(local, items, supervisord, internalPortOption);
    return new Instances(addresses, local);
  }

  /** Supvisors' implicit list: {@code <identifier>hostname:port:}. */
  private Item selfItem(SupervisordSettings supervisord, boolean discoveryMode) {
    String host = selfHost(supervisord, discoveryMode);
    Optional<String> identifier = Optional.of(supervisord.identifier());
    String text = "<" + supervisord.identifier() + ">" + host + ":" + supervisord.httpPort() + ":";
    return new Item(text, identifier, host, OptionalInt.of(supervisord.httpPort()), OptionalInt.empty());
  }

  /**
   * The host of the implicit item: the host name, as in Supvisors. In discovery mode this host is what the others
   * reach the instance at, and a host name may not say which interface (hosts sharing one name, or network
   * namespaces sharing the host's): the address supervisord listens on does, unless it listens on every interface
   * ({@code localhost} then stands for it).
   */
  private String selfHost(SupervisordSettings supervisord, boolean discoveryMode) {
    String listening = supervisord.host();
    if (discoveryMode && !listening.isEmpty() && !listening.equalsIgnoreCase("localhost")) {
      return listening;
    }
    return resolver.localHostName();
  }

  private InstanceAddress uniqueCandidate(List<InstanceAddress> candidates, SupervisordSettings supervisord) {
    if (candidates.isEmpty()) {
      throw new ConfigurationException("could not find the local Supvisors in supvisors_list (this host: "
          + resolver.localHostName() + ", " + resolver.localFqdn() + ", " + resolver.localAddresses()
          + "; supervisord port: " + supervisord.httpPort() + "; supervisord identifier: "
          + supervisord.identifier() + ")");
    }
    if (candidates.size() > 1) {
      throw new ConfigurationException("multiple candidates for the local Supvisors: "
          + OptionParsers.pyList(candidates.stream().map(InstanceAddress::identifier).toList())
          + ". set the supervisord identifier and write it in supvisors_list (<identifier>host)");
    }
    return candidates.get(0);
  }

  /** Inconsistencies that Supvisors only warns about: the node can still run. */
  private static void checkLocal(InstanceAddress local, List<Item> items, SupervisordSettings supervisord,
      int internalPortOption) {
    if (items.isEmpty()) {
      return;
    }
    if (supervisord.hasCustomIdentifier() && !local.identifier().equals(supervisord.identifier())) {
      LOG.warn("the supervisord identifier {} does not name the local Supvisors {} in supvisors_list",
          supervisord.identifier(), local.identifier());
    }
    if (local.httpPort() != supervisord.httpPort()) {
      LOG.warn("the local Supvisors {} declares the HTTP port {} but supervisord listens on {}",
          local.identifier(), local.httpPort(), supervisord.httpPort());
    }
    if (internalPortOption > 0 && local.internalPort() != internalPortOption) {
      LOG.warn("internal_port {} differs from the internal port {} of the local Supvisors in supvisors_list",
          internalPortOption, local.internalPort());
    }
  }

  private boolean isLocal(ResolvedHost host) {
    Set<String> localAddresses = resolver.localAddresses();
    List<String> localNames = Stream.of(resolver.localHostName(), resolver.localFqdn())
        .map(n -> n.toLowerCase(Locale.ROOT)).toList();
    boolean nameMatch = Stream.concat(Stream.of(host.canonicalName()), host.aliases().stream())
        .map(n -> n.toLowerCase(Locale.ROOT)).anyMatch(localNames::contains);
    return nameMatch || host.ipAddresses().stream().anyMatch(ip -> isLoopback(ip) || localAddresses.contains(ip));
  }

  private static boolean isLoopback(String ip) {
    return ip.startsWith("127.") || ip.equals("::1") || ip.equals("0:0:0:0:0:0:0:1");
  }
}
