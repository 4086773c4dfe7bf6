package org.supvisors.it.process;

import java.time.Duration;

/** Bounds of the waits, for tick_period=1 s, inactivity_ticks=2, synchro_timeout=15 s on 2 shared cores. */
final class Waits {

    /** 3 node JVMs booting on 2 cores, then synchronization (STRICT, or TIMEOUT after 15 s). */
    static final Duration STARTUP = Duration.ofSeconds(120);
    /** A process change made on one instance, seen by the nodes (events, or the periodic reconcile at worst). */
    static final Duration CHANGE = Duration.ofSeconds(20);
    /** Loss of an instance: inactivity_ticks + 1 ticks, plus slack. */
    static final Duration DETECTION = Duration.ofSeconds(30);
    /** A late instance: supervisord, node JVM, handshake, snapshots. */
    static final Duration JOIN = Duration.ofSeconds(90);

    private Waits() {
    }
}
