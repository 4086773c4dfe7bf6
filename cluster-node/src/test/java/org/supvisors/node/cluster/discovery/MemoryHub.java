package org.supvisors.node.cluster.discovery;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/** An in-memory multicast group: every datagram sent by a member reaches every open member, the sender included. */
final class MemoryHub {

  private static final DatagramTransport.Received CLOSED = new DatagramTransport.Received(new byte[0], null);

  private final List<Member> members = new CopyOnWriteArrayList<>();

  /** A new member whose datagrams come from 10.0.0.{@code lastByte}. */
  DatagramTransport join(int lastByte) {
    try {
      Member member = new Member(InetAddress.getByAddress(new byte[] {10, 0, 0, (byte) lastByte}));
      members.add(member);
      return member;
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Sends raw bytes to every member, as a foreign sender on the group would. */
  void inject(byte[] data, InetAddress source) {
    members.forEach(m -> m.inbox.add(new DatagramTransport.Received(data, source)));
  }

  private final class Member implements DatagramTransport {
    private final InetAddress address;
    private final BlockingQueue<Received> inbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    Member(InetAddress address) {
      this.address = address;
    }

    @Override
    public void send(byte[] datagram) {
      if (!closed) {
        inject(datagram, address);
      }
    }

    @Override
    public Received receive() {
      try {
        Received received = inbox.take();
        return received == CLOSED ? null : received;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return null;
      }
    }

    @Override
    public void close() {
      closed = true;
      members.remove(this);
      inbox.add(CLOSED);
    }
  }
}
