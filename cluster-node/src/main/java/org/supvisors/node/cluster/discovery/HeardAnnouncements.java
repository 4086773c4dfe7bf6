package org.supvisors.node.cluster.discovery;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The announcements heard on the multicast group, by identifier, each forgotten when it has not been heard again
 * within the expiry. The local instance is always in the table and never expires: Cluster Bootstrap needs to find
 * itself among the contact points, whether or not the kernel loops our own datagrams back.
 *
 * <p>Written by the receiver thread, read by lookups and by the rest of the node: a concurrent map of immutable
 * entries. Time comes from an injected monotonic clock (nanoseconds) so that expiry is tested without waiting.
 */
public final class HeardAnnouncements {

  /** What {@link #record} did with an announcement. */
  public enum Outcome {
    /** An identifier not in the table (or expired) was added. */
    ADDED,
    /** A known identifier now announces other addresses or stereotypes: the newest wins. */
    CHANGED,
    /** The same announcement again: only its time was renewed. */
    REFRESHED,
    /** Our own announcement looped back: nothing to do. */
    LOCAL,
    /** Another instance announces the local identifier: ignored, the local entry stays. */
    CONFLICT
  }

  /** An announcement, who sent it, and when it was last heard (clock nanoseconds). */
  public record Heard(Announcement announcement, InetAddress source, long heardAt) {}

  private final Announcement local;
  private final long expiryNanos;
  private final LongSupplier nanoClock;
  private final Map<String, Heard> table = new ConcurrentHashMap<>();

  public HeardAnnouncements(Announcement local, Duration expiry, LongSupplier nanoClock) {
    this.local = Objects.requireNonNull(local);
    if (expiry.isNegative() || expiry.isZero()) {
      throw new IllegalArgumentException("expiry must be positive: " + expiry);
    }
    this.expiryNanos = expiry.toNanos();
    this.nanoClock = Objects.requireNonNull(nanoClock);
  }

  public Announcement local() {
    return local;
  }

  /** Records an announcement received from {@code source} now. */
  public Outcome record(Announcement announcement, InetAddress source) {
    if (announcement.identifier().equals(local.identifier())) {
      return announcement.equals(local) ? Outcome.LOCAL : Outcome.CONFLICT;
    }
    long now = nanoClock.getAsLong();
    Heard previous = table.put(announcement.identifier(), new Heard(announcement, source, now));
    if (previous == null || expired(previous, now)) {
      return Outcome.ADDED;
    }
    return previous.announcement().equals(announcement) ? Outcome.REFRESHED : Outcome.CHANGED;
  }

  /**
   * The live announcements by identifier, sorted, the local one included. Expired ones are left out (and left in
   * the table for {@link #expire} to remove and report).
   */
  public Map<String, Announcement> live() {
    long now = nanoClock.getAsLong();
    Map<String, Announcement> result = new TreeMap<>();
    table.forEach((id, heard) -> {
      if (!expired(heard, now)) {
        result.put(id, heard.announcement());
      }
    });
    result.put(local.identifier(), local);
    return Collections.unmodifiableMap(result);
  }

  /** The remote entries heard and not expired, with their source and time. */
  public Map<String, Heard> remotes() {
    long now = nanoClock.getAsLong();
    Map<String, Heard> result = new TreeMap<>();
    table.forEach((id, heard) -> {
      if (!expired(heard, now)) {
        result.put(id, heard);
      }
    });
    return Collections.unmodifiableMap(result);
  }

  /** Removes the expired entries; returns their identifiers, sorted. */
  public List<String> expire() {
    long now = nanoClock.getAsLong();
    List<String> removed = new ArrayList<>();
    for (Map.Entry<String, Heard> entry : table.entrySet()) {
      if (expired(entry.getValue(), now) && table.remove(entry.getKey(), entry.getValue())) {
        removed.add(entry.getKey());
      }
    }
    Collections.sort(removed);
    return removed;
  }

  private boolean expired(Heard heard, long now) {
    return now - heard.heardAt() > expiryNanos;
  }
}
