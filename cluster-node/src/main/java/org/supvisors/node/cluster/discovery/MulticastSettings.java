package org.supvisors.node.cluster.discovery;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.supvisors.node.config.ConfigurationException;

/**
 * The settings of the multicast discovery, read once from {@code supvisors.multicast-discovery} (see
 * reference.conf), the announcement of the local instance included.
 *
 * @param group the multicast group address and port
 * @param networkInterface the IPv4 address of the interface to use; empty for every interface (INADDR_ANY)
 * @param ttl the time-to-live of the datagrams sent, in [0;255]
 * @param announceInterval how often the local instance announces itself
 * @param expiry how long an instance stays known without being heard again
 * @param local what the local instance announces
 */
public record MulticastSettings(
    InetSocketAddress group,
    Optional<InetAddress> networkInterface,
    int ttl,
    Duration announceInterval,
    Duration expiry,
    Announcement local) {

  public static final String PATH = "supvisors.multicast-discovery";

  private static final Pattern IPV4 = Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
  private static final Pattern GROUP = Pattern.compile("\\s*([0-9.]+)\\s*:\\s*(\\d{1,5})\\s*");

  public MulticastSettings {
    if (!group.getAddress().isMulticastAddress()) {
      throw new ConfigurationException(PATH + ".group: not a multicast address: " + group);
    }
    if (ttl < 0 || ttl > 255) {
      throw new ConfigurationException(PATH + ".ttl: integer expected in [0;255]: " + ttl);
    }
    if (announceInterval.isNegative() || announceInterval.isZero()) {
      throw new ConfigurationException(PATH + ".announce-interval: must be positive: " + announceInterval);
    }
    if (expiry.compareTo(announceInterval) <= 0) {
      throw new ConfigurationException(PATH + ".expiry (" + expiry + ") must be longer than announce-interval ("
          + announceInterval + ")");
    }
  }

  /** Reads {@code supvisors.multicast-discovery} of the full configuration {@code root}. */
  public static MulticastSettings fromConfig(Config root) {
    Config c = root.getConfig(PATH);
    String groupText = c.getString("group");
    if (groupText.isBlank()) {
      throw new ConfigurationException(PATH + ".group is not set: the multicast discovery needs a group ip:port");
    }
    int httpPort = c.getInt("http-port");
    Announcement local;
    try {
      local = new Announcement(
          c.getString("identifier"),
          orElse(c.getString("host"), () -> defaultHost(root)),
          httpPort,
          orElse(c.getInt("internal-port"), () -> intAt(root, "akka.remote.artery.canonical.port")),
          orElse(c.getInt("management-port"), () -> intAt(root, "akka.management.http.port")),
          orElse(c.getInt("node-http-port"), () -> httpPort + 3),
          c.getStringList("stereotypes"));
    } catch (IllegalArgumentException e) {
      throw new ConfigurationException(PATH + ": invalid local announcement: " + e.getMessage(), e);
    }
    return new MulticastSettings(
        parseGroup(groupText),
        parseInterface(c.getString("interface")),
        c.getInt("ttl"),
        c.getDuration("announce-interval"),
        c.getDuration("expiry"),
        local);
  }

  /** {@code ip:port} with a dotted IPv4 multicast address, as {@code multicast_group}. */
  public static InetSocketAddress parseGroup(String text) {
    Matcher m = GROUP.matcher(text);
    if (!m.matches()) {
      throw new ConfigurationException(PATH + ".group: \"ip_address:port\" expected: \"" + text + "\"");
    }
    InetAddress ip = ipv4(m.group(1)).filter(InetAddress::isMulticastAddress).orElseThrow(
        () -> new ConfigurationException(PATH + ".group: IPv4 multicast address expected: \"" + text + "\""));
    int port = Integer.parseInt(m.group(2));
    if (port < 1 || port > 65535) {
      throw new ConfigurationException(PATH + ".group: port expected in [1;65535]: \"" + text + "\"");
    }
    return new InetSocketAddress(ip, port);
  }

  /** A dotted IPv4 address, or empty for blank, {@code ANY} and {@code INADDR_ANY}, as {@code multicast_interface}. */
  public static Optional<InetAddress> parseInterface(String text) {
    String value = text.strip();
    String upper = value.toUpperCase(Locale.ROOT);
    if (value.isEmpty() || upper.equals("ANY") || upper.equals("INADDR_ANY")) {
      return Optional.empty();
    }
    return Optional.of(ipv4(value).orElseThrow(
        () -> new ConfigurationException(PATH + ".interface: IPv4 address expected: \"" + text + "\"")));
  }

  /** A dotted IPv4 literal as an address, never through a name lookup. */
  static Optional<InetAddress> ipv4(String text) {
    Matcher m = IPV4.matcher(text.strip());
    if (!m.matches()) {
      return Optional.empty();
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      int b = Integer.parseInt(m.group(i + 1));
      if (b > 255) {
        return Optional.empty();
      }
      bytes[i] = (byte) b;
    }
    try {
      return Optional.of(InetAddress.getByAddress(bytes));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }

  /**
   * The host Cluster Bootstrap will recognise as itself among the contact points: Akka Management's own hostname,
   * resolved the way Akka Management resolves its {@code <hostname>} default.
   */
  private static String defaultHost(Config root) {
    String host = root.hasPath("akka.management.http.hostname") ? root.getString("akka.management.http.hostname") : "";
    if (host.isBlank() || host.equals("<hostname>")) {
      try {
        return InetAddress.getLocalHost().getHostAddress();
      } catch (UnknownHostException e) {
        throw new ConfigurationException(PATH + ".host is not set and the local host address is unknown", e);
      }
    }
    return host;
  }

  private static int intAt(Config root, String path) {
    if (!root.hasPath(path)) {
      throw new ConfigurationException(PATH + ": no port given and " + path + " is not set");
    }
    return root.getInt(path);
  }

  private static String orElse(String value, java.util.function.Supplier<String> fallback) {
    return value.isBlank() ? fallback.get() : value;
  }

  private static int orElse(int value, java.util.function.IntSupplier fallback) {
    return value != 0 ? value : fallback.getAsInt();
  }
}
