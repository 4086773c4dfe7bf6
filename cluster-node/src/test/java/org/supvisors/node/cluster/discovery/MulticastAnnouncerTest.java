package org.supvisors.node.cluster.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Announcers on an in-memory group: no socket, real threads, a manual clock for the expiry. */
class MulticastAnnouncerTest {

  private static final Duration INTERVAL = Duration.ofMillis(20);
  private static final Duration EXPIRY = Duration.ofSeconds(3);
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final MemoryHub hub = new MemoryHub();
  private final AtomicLong clock = new AtomicLong();
  private final List<MulticastAnnouncer> announcers = new ArrayList<>();

  @AfterEach
  void closeAll() {
    announcers.forEach(MulticastAnnouncer::close);
  }

  private MulticastAnnouncer start(int n, String... stereotypes) {
    Announcement local = new Announcement("supv-0" + n, "10.0.0." + n, 61000, 61001, 61004, 61003,
        List.of(stereotypes));
    MulticastSettings settings = new MulticastSettings(new InetSocketAddress("239.0.0.1", 61500), Optional.empty(),
        1, INTERVAL, EXPIRY, local);
    MulticastAnnouncer announcer = new MulticastAnnouncer(settings, hub.join(n), clock::get);
    announcers.add(announcer);
    announcer.start();
    return announcer;
  }

  /** Bounded polling: the announcers run on their own threads. */
  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    for (int i = 0; i < WAIT.toMillis() / 10 && System.nanoTime() < deadline; i++) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(10);
    }
    assertTrue(condition.getAsBoolean(), what + " within " + WAIT);
  }

  @Test
  void threeAnnouncersHearEachOther() throws InterruptedException {
    MulticastAnnouncer a = start(1);
    MulticastAnnouncer b = start(2, "edge");
    MulticastAnnouncer c = start(3);
    Set<String> all = Set.of("supv-01", "supv-02", "supv-03");
    for (MulticastAnnouncer x : List.of(a, b, c)) {
      await("all heard by " + x.heard().local().identifier(), () -> x.live().keySet().equals(all));
    }
    assertEquals(List.of("edge"), a.live().get("supv-02").stereotypes());
    assertEquals("10.0.0.2", a.heard().remotes().get("supv-02").source().getHostAddress());
  }

  @Test
  void aStoppedAnnouncerIsForgottenAfterTheExpiry() throws InterruptedException {
    MulticastAnnouncer a = start(1);
    MulticastAnnouncer b = start(2);
    await("b heard by a", () -> a.live().containsKey("supv-02"));
    b.close();
    assertTrue(b.isClosed());
    assertTrue(a.live().containsKey("supv-02"), "still known before the expiry");
    clock.addAndGet(EXPIRY.toNanos() + 1);
    assertFalse(a.live().containsKey("supv-02"));
    assertEquals(Set.of("supv-01"), a.live().keySet());
  }

  @Test
  void aRunningAnnouncerStaysKnownAsTimePasses() throws InterruptedException {
    MulticastAnnouncer a = start(1);
    start(2);
    await("b heard by a", () -> a.live().containsKey("supv-02"));
    for (int i = 0; i < 5; i++) {
      clock.addAndGet(EXPIRY.toNanos() / 2);
      long now = clock.get();
      await("b heard again by a", () -> a.heard().remotes().containsKey("supv-02")
          && a.heard().remotes().get("supv-02").heardAt() >= now);
    }
  }

  @Test
  void foreignDatagramsAreDropped() throws InterruptedException {
    MulticastAnnouncer a = start(1);
    hub.inject("hello".getBytes(StandardCharsets.UTF_8), InetAddress.getLoopbackAddress());
    hub.inject(AnnouncementCodec.encode(new Announcement("supv-01", "10.9.9.9", 1, 2, 3, 4, List.of())),
        InetAddress.getLoopbackAddress());
    start(2);
    await("b heard by a", () -> a.live().containsKey("supv-02"));
    assertEquals(Set.of("supv-01", "supv-02"), a.live().keySet());
    assertEquals("10.0.0.1", a.live().get("supv-01").host(), "the local entry is not replaced");
  }
}
