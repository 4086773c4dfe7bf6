package org.supvisors.node.cluster;

import akka.cluster.Member;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.supvisors.node.config.InstanceAddress;

/**
 * Which Supvisors instance a cluster member is: every member carries the role {@code id:<identifier>}. The actors of
 * a member are found through the receptionist ({@link Peers}), which maps them to identifiers with this role.
 *
 * <p>A member also carries the rest of its {@link InstanceProfile} in its roles, so that any member (heard on the
 * multicast group, or joined through seed nodes) brings what the instances table needs to add it in discovery
 * mode: {@code http-port:<port>} (supervisord), {@code node-http-port:<port>}, {@code ip:<address>} and one
 * {@code stereotype:<rank>:<name>} per stereotype (Akka keeps roles as a set: the rank keeps the configured order). The host and the internal port are those of the member's
 * own address: the node's Artery address is its instance's host and internal port.
 */
public final class Members {

  public static final String ROLE_PREFIX = "id:";
  static final String HTTP_PORT = "http-port:";
  static final String NODE_HTTP_PORT = "node-http-port:";
  static final String IP = "ip:";
  static final String STEREOTYPE = "stereotype:";

  private Members() {}

  public static String role(String identifier) {
    return ROLE_PREFIX + identifier;
  }

  /** The roles that describe an instance: its identifier first, then its profile. */
  public static List<String> roles(InstanceAddress address, Collection<String> stereotypes) {
    List<String> roles = new ArrayList<>();
    roles.add(role(address.identifier()));
    roles.add(HTTP_PORT + address.httpPort());
    roles.add(NODE_HTTP_PORT + address.nodeHttpPort());
    roles.add(IP + address.ipAddress());
    int rank = 0;
    for (String stereotype : stereotypes) {
      roles.add(STEREOTYPE + rank++ + ":" + stereotype);
    }
    return roles;
  }

  /** The Supvisors identifier of a cluster member, from its role. */
  public static Optional<String> identifierOf(Member member) {
    return value(member.getRoles(), ROLE_PREFIX);
  }

  /** The instance of a cluster member; empty for a member without a complete profile (not a Supvisors node). */
  public static Optional<InstanceProfile> profileOf(Member member) {
    int port = member.address().getPort().map(p -> (Integer) p).orElse(0);
    return profileOf(member.getRoles(), member.address().getHost().orElse(""), port);
  }

  /**
   * The instance described by these roles.
   *
   * @param host the host of the member's address
   * @param internalPort the port of the member's address
   */
  public static Optional<InstanceProfile> profileOf(Collection<String> roles, String host, int internalPort) {
    Optional<String> identifier = value(roles, ROLE_PREFIX);
    Optional<Integer> httpPort = value(roles, HTTP_PORT).flatMap(Members::port);
    Optional<Integer> nodeHttpPort = value(roles, NODE_HTTP_PORT).flatMap(Members::port);
    Optional<String> ip = value(roles, IP);
    if (identifier.isEmpty() || httpPort.isEmpty() || nodeHttpPort.isEmpty() || ip.isEmpty() || host.isEmpty()
        || internalPort <= 0) {
      return Optional.empty();
    }
    TreeMap<Integer, String> ranked = new TreeMap<>();
    for (String role : roles) {
      int colon = role.indexOf(':', STEREOTYPE.length());
      if (role.startsWith(STEREOTYPE) && colon > 0) {
        rank(role.substring(STEREOTYPE.length(), colon)).ifPresent(r -> ranked.put(r, role.substring(colon + 1)));
      }
    }
    List<String> stereotypes = List.copyOf(ranked.values());
    return Optional.of(new InstanceProfile(
        new InstanceAddress(identifier.get(), host, httpPort.get(), internalPort, nodeHttpPort.get(), ip.get()),
        stereotypes));
  }

  private static Optional<String> value(Collection<String> roles, String prefix) {
    for (String role : roles) {
      if (role.startsWith(prefix)) {
        return Optional.of(role.substring(prefix.length()));
      }
    }
    return Optional.empty();
  }

  private static Optional<Integer> rank(String text) {
    return number(text, 0, Integer.MAX_VALUE);
  }

  private static Optional<Integer> port(String text) {
    return number(text, 1, 65535);
  }

  /** The integer {@code text} stands for, if it is one within [min;max]. */
  private static Optional<Integer> number(String text, int min, int max) {
    try {
      int value = Integer.parseInt(text);
      return value >= min && value <= max ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Actor names allow a limited alphabet; identifiers and namespecs may hold ':' and others. */
  public static String safeName(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
