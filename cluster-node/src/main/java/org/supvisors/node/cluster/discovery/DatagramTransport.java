package org.supvisors.node.cluster.discovery;

import java.io.IOException;
import java.net.InetAddress;

/**
 * Where announcements go out and come in: the multicast group ({@link MulticastChannel}), or an in-memory hub in
 * tests. {@link #send} and {@link #receive} are called from two different threads.
 */
interface DatagramTransport extends AutoCloseable {

  /** One datagram received: its bytes and the address it came from. */
  record Received(byte[] data, InetAddress source) {}

  void send(byte[] datagram) throws IOException;

  /** Blocks until a datagram arrives; returns null once the transport is closed. */
  Received receive() throws IOException;

  /** Unblocks {@link #receive}; idempotent. */
  @Override
  void close();
}
