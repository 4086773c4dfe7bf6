package org.supvisors.it.sync;

import java.time.Duration;

/** Bounds of the waits, for tick_period=1 s, inactivity_ticks=2, synchro_timeout=15 s on 2 shared cores. */
final class Timeouts {

    /** 3 node JVMs booting on 2 cores, then synchronization. */
    static final Duration STARTUP = Duration.ofSeconds(120);
    /** Loss of an instance: inactivity_ticks + 1 ticks, plus slack. */
    static final Duration DETECTION = Duration.ofSeconds(30);
    /** Master loss: detection, back to INITIALIZATION, synchro_timeout, election. */
    static final Duration REELECTION = Duration.ofSeconds(90);
    /** A restarted instance: supervisord, node JVM, handshake. */
    static final Duration REJOIN = Duration.ofSeconds(90);

    private Timeouts() {
    }
}
