package org.supvisors.node.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeardAnnouncementsTest {

  private static final Announcement LOCAL = announcement("supv-01", "10.0.0.1");
  private static final Announcement B = announcement("supv-02", "10.0.0.2");
  private static final Announcement C = announcement("supv-03", "10.0.0.3");
  private static final InetAddress SOURCE = InetAddress.getLoopbackAddress();

  private final AtomicLong clock = new AtomicLong(1_000);
  private final HeardAnnouncements heard = new HeardAnnouncements(LOCAL, Duration.ofSeconds(3), clock::get);

  static Announcement announcement(String id, String host) {
    return new Announcement(id, host, 61000, 61001, 61004, 61003, List.of());
  }

  @Test
  void holdsTheLocalInstanceFromTheStart() {
    assertEquals(List.of("supv-01"), List.copyOf(heard.live().keySet()));
    assertEquals(LOCAL, heard.live().get("supv-01"));
  }

  @Test
  void recordsOthersSortedByIdentifier() {
    assertEquals(HeardAnnouncements.Outcome.ADDED, heard.record(C, SOURCE));
    assertEquals(HeardAnnouncements.Outcome.ADDED, heard.record(B, SOURCE));
    assertEquals(List.of("supv-01", "supv-02", "supv-03"), List.copyOf(heard.live().keySet()));
    assertEquals(List.of("supv-02", "supv-03"), List.copyOf(heard.remotes().keySet()));
    assertEquals(SOURCE, heard.remotes().get("supv-02").source());
  }

  @Test
  void tellsRefreshFromChange() {
    heard.record(B, SOURCE);
    assertEquals(HeardAnnouncements.Outcome.REFRESHED, heard.record(B, SOURCE));
    Announcement moved = announcement("supv-02", "10.0.0.22");
    assertEquals(HeardAnnouncements.Outcome.CHANGED, heard.record(moved, SOURCE));
    assertEquals(moved, heard.live().get("supv-02"));
  }

  @Test
  void neverReplacesTheLocalInstance() {
    assertEquals(HeardAnnouncements.Outcome.LOCAL, heard.record(LOCAL, SOURCE));
    assertEquals(HeardAnnouncements.Outcome.CONFLICT, heard.record(announcement("supv-01", "10.9.9.9"), SOURCE));
    assertEquals(LOCAL, heard.live().get("supv-01"));
    assertEquals(List.of(), List.copyOf(heard.remotes().keySet()));
  }

  @Test
  void forgetsWhatIsNotHeardAgainWithinTheExpiry() {
    heard.record(B, SOURCE);
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    heard.record(C, SOURCE);
    clock.addAndGet(Duration.ofSeconds(1).toNanos());
    assertEquals(List.of("supv-01", "supv-02", "supv-03"), List.copyOf(heard.live().keySet()),
        "exactly 3 s old is still live");
    clock.addAndGet(1);
    assertEquals(List.of("supv-01", "supv-03"), List.copyOf(heard.live().keySet()));
    assertEquals(List.of("supv-03"), List.copyOf(heard.remotes().keySet()));
    clock.addAndGet(Duration.ofSeconds(2).toNanos());
    assertEquals(List.of("supv-02", "supv-03"), heard.expire());
    assertEquals(List.of(), heard.expire());
    assertEquals(List.of("supv-01"), List.copyOf(heard.live().keySet()), "the local instance never expires");
  }

  @Test
  void anExpiredInstanceHeardAgainIsAddedAgain() {
    heard.record(B, SOURCE);
    clock.addAndGet(Duration.ofSeconds(4).toNanos());
    assertEquals(HeardAnnouncements.Outcome.ADDED, heard.record(B, SOURCE));
  }

  @Test
  void expiryMustBePositive() {
    assertThrows(IllegalArgumentException.class, () -> new HeardAnnouncements(LOCAL, Duration.ZERO, clock::get));
  }
}
