package org.supvisors.node.cluster.discovery;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Announces the local instance on a {@link DatagramTransport} every {@code announce-interval}, and keeps what the
 * others announce in a {@link HeardAnnouncements} table.
 *
 * <p>Two daemon threads of its own, so that nothing blocks an actor dispatcher: a scheduler that sends the
 * announcement and sweeps expired entries, and a receiver blocked in {@link DatagramTransport#receive}, unblocked by
 * {@link #close} closing the transport.
 */
final class MulticastAnnouncer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(MulticastAnnouncer.class);

  /** Pause after a receive error, so that a persistent one does not spin the receiver. */
  private static final Duration RECEIVE_ERROR_PAUSE = Duration.ofMillis(200);

  private final MulticastSettings settings;
  private final DatagramTransport transport;
  private final HeardAnnouncements heard;
  private final byte[] datagram;
  private final ScheduledExecutorService scheduler;
  private final Thread receiver;
  private final Set<String> conflictsReported = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private boolean sendFailing;

  MulticastAnnouncer(MulticastSettings settings, DatagramTransport transport, LongSupplier nanoClock) {
    this.settings = settings;
    this.transport = transport;
    this.heard = new HeardAnnouncements(settings.local(), settings.expiry(), nanoClock);
    this.datagram = AnnouncementCodec.encode(settings.local());
    String name = "supvisors-multicast-" + settings.local().identifier();
    this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread thread = new Thread(runnable, name + "-announcer");
      thread.setDaemon(true);
      return thread;
    });
    this.receiver = new Thread(this::receiveLoop, name + "-receiver");
    this.receiver.setDaemon(true);
  }

  void start() {
    receiver.start();
    scheduler.scheduleAtFixedRate(this::tick, 0, settings.announceInterval().toNanos(), TimeUnit.NANOSECONDS);
    LOG.info("Multicast discovery: announcing {} on {} every {} ms (ttl {}), forgetting after {} ms",
        settings.local().identifier(), settings.group(), settings.announceInterval().toMillis(), settings.ttl(),
        settings.expiry().toMillis());
  }

  HeardAnnouncements heard() {
    return heard;
  }

  /** Stops announcing and listening; the table keeps its last content (it expires as usual). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    scheduler.shutdownNow();
    try {
      // No announcement may leave after close() returns.
      scheduler.awaitTermination(1, TimeUnit.SECONDS);
      transport.close();
      receiver.join(RECEIVE_ERROR_PAUSE.toMillis() * 5);
    } catch (InterruptedException e) {
      transport.close();
      Thread.currentThread().interrupt();
    }
  }

  boolean isClosed() {
    return closed;
  }

  /** On the scheduler thread only. */
  private void tick() {
    try {
      transport.send(datagram);
      if (sendFailing) {
        LOG.info("Multicast discovery: announcements sent again on {}", settings.group());
        sendFailing = false;
      }
    } catch (IOException | RuntimeException e) {
      if (!sendFailing && !closed) {
        LOG.warn("Multicast discovery: cannot send the announcement to {}: {}", settings.group(), e.toString());
        sendFailing = true;
      }
    }
    for (String identifier : heard.expire()) {
      LOG.info("Multicast discovery: {} no longer heard", identifier);
    }
  }

  private void receiveLoop() {
    while (!closed) {
      DatagramTransport.Received received;
      try {
        received = transport.receive();
      } catch (IOException | RuntimeException e) {
        if (!closed) {
          LOG.warn("Multicast discovery: receive failed: {}", e.toString());
          pause();
        }
        continue;
      }
      if (received == null) {
        return;
      }
      Optional<Announcement> decoded = AnnouncementCodec.decode(received.data());
      if (decoded.isEmpty()) {
        LOG.debug("Multicast discovery: dropped a datagram of {} bytes from {}", received.data().length,
            received.source());
        continue;
      }
      onAnnouncement(decoded.get(), received);
    }
  }

  private void onAnnouncement(Announcement announcement, DatagramTransport.Received received) {
    switch (heard.record(announcement, received.source())) {
      case ADDED -> LOG.info("Multicast discovery: heard {}", announcement);
      case CHANGED -> LOG.warn("Multicast discovery: {} now announces {}", announcement.identifier(), announcement);
      case CONFLICT -> {
        if (conflictsReported.add(String.valueOf(received.source()) + announcement)) {
          LOG.error("Multicast discovery: {} (from {}) announces the local identifier: ignored", announcement,
              received.source());
        }
      }
      case REFRESHED, LOCAL -> { }
    }
  }

  /** The live announcements, the local one included. */
  Map<String, Announcement> live() {
    return heard.live();
  }

  private static void pause() {
    try {
      Thread.sleep(RECEIVE_ERROR_PAUSE.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
