package org.supvisors.node.cluster.discovery;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The multicast group as a {@link DatagramTransport}: one IPv4 {@link DatagramChannel} bound to the group's port on
 * every address, member of the group, sending with the configured TTL.
 *
 * <p>With an interface address, the group is joined and sent to on that interface only. Without one (Supvisors'
 * INADDR_ANY), the group is joined on every interface that is up, multicast-capable and has an IPv4 address, and
 * the kernel's routing table picks the outgoing interface (a host without a route to 224.0.0.0/4 or a default
 * route cannot send).
 */
final class MulticastChannel implements DatagramTransport {

  /** Larger than any valid datagram, so that a truncated one is told apart by its length. */
  private static final int RECEIVE_BUFFER = AnnouncementCodec.MAX_DATAGRAM + 1;

  private final DatagramChannel channel;
  private final InetSocketAddress group;
  private final List<String> joined;
  private final ByteBuffer receiveBuffer = ByteBuffer.allocate(RECEIVE_BUFFER);

  private MulticastChannel(DatagramChannel channel, InetSocketAddress group, List<String> joined) {
    this.channel = channel;
    this.group = group;
    this.joined = joined;
  }

  static MulticastChannel open(MulticastSettings settings) throws IOException {
    InetSocketAddress group = settings.group();
    DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.IP_MULTICAST_TTL, settings.ttl());
      channel.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
      channel.bind(new InetSocketAddress(group.getPort()));
      List<NetworkInterface> interfaces;
      if (settings.networkInterface().isPresent()) {
        InetAddress address = settings.networkInterface().get();
        NetworkInterface ni = NetworkInterface.getByInetAddress(address);
        if (ni == null) {
          throw new IOException("multicast interface " + address.getHostAddress() + ": no local interface has it");
        }
        channel.setOption(StandardSocketOptions.IP_MULTICAST_IF, ni);
        interfaces = List.of(ni);
      } else {
        interfaces = multicastInterfaces();
        if (interfaces.isEmpty()) {
          throw new IOException("no interface is up, multicast-capable and with an IPv4 address");
        }
      }
      List<String> joined = new ArrayList<>();
      for (NetworkInterface ni : interfaces) {
        channel.join(group.getAddress(), ni);
        joined.add(ni.getName());
      }
      return new MulticastChannel(channel, group, Collections.unmodifiableList(joined));
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  /** The names of the interfaces where the group was joined. */
  List<String> joinedInterfaces() {
    return joined;
  }

  @Override
  public void send(byte[] datagram) throws IOException {
    channel.send(ByteBuffer.wrap(datagram), group);
  }

  @Override
  public Received receive() throws IOException {
    try {
      receiveBuffer.clear();
      SocketAddress from = channel.receive(receiveBuffer);
      receiveBuffer.flip();
      byte[] data = Arrays.copyOf(receiveBuffer.array(), receiveBuffer.limit());
      InetAddress source = from instanceof InetSocketAddress inet ? inet.getAddress() : null;
      return new Received(data, source);
    } catch (ClosedChannelException e) {
      // Also AsynchronousCloseException: close() called while blocked here.
      return null;
    }
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a datagram channel has nothing to flush: nothing is lost.
    }
  }

  private static List<NetworkInterface> multicastInterfaces() throws SocketException {
    List<NetworkInterface> result = new ArrayList<>();
    for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      if (ni.isUp() && ni.supportsMulticast()
          && ni.inetAddresses().anyMatch(a -> a instanceof Inet4Address)) {
        result.add(ni);
      }
    }
    return result;
  }
}
