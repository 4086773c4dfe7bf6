package org.supvisors.node.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@link HostResolver} on the JVM resolver ({@link InetAddress}) and the network interfaces.
 *
 * <p>The JVM gives no host aliases; the name as written stands for them, which is enough since the local test also
 * compares addresses.
 */
public final class InetHostResolver implements HostResolver {

  @Override
  public Optional<ResolvedHost> resolve(String host) {
    try {
      List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getAllByName(host)));
      // IPv4 first: Supvisors (gethostbyaddr) only knows IPv4 and the first address keys the node loads.
      addresses.sort(Comparator.comparing(a -> a instanceof Inet4Address ? 0 : 1));
      List<String> ips = addresses.stream().map(InetAddress::getHostAddress).distinct().toList();
      String canonical = addresses.get(0).getCanonicalHostName();
      return Optional.of(new ResolvedHost(canonical, List.of(host), ips));
    } catch (UnknownHostException | SecurityException e) {
      return Optional.empty();
    }
  }

  @Override
  public String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      // The name exists even when it does not resolve: the exception message starts with it.
      String message = String.valueOf(e.getMessage());
      int colon = message.indexOf(':');
      return colon > 0 ? message.substring(0, colon) : "localhost";
    }
  }

  @Override
  public String localFqdn() {
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return localHostName();
    }
  }

  @Override
  public Set<String> localAddresses() {
    Set<String> result = new LinkedHashSet<>();
    try {
      var interfaces = NetworkInterface.getNetworkInterfaces();
      for (NetworkInterface nif : interfaces == null ? List.<NetworkInterface>of() : Collections.list(interfaces)) {
        for (InetAddress address : Collections.list(nif.getInetAddresses())) {
          result.add(stripScope(address.getHostAddress()));
        }
      }
    } catch (SocketException e) {
      // No interface list (restricted environments): loopback and the local host address still identify us.
    }
    result.add(InetAddress.getLoopbackAddress().getHostAddress());
    try {
      result.add(InetAddress.getLocalHost().getHostAddress());
    } catch (UnknownHostException e) {
      // Unresolvable host name: the interface addresses are all we have.
    }
    return result;
  }

  private static String stripScope(String ip) {
    int percent = ip.indexOf('%');
    return percent < 0 ? ip : ip.substring(0, percent);
  }
}
