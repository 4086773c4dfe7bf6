package org.supvisors.it.commander;

import java.time.Duration;

/** Bounds of the waits of the commander tests, for tick_period=1 s and inactivity_ticks=2 on 2 shared cores. */
final class Limits {

    /** Up to 4 node JVMs booting on 2 cores, synchronization, then the deployment of what starts on its own. */
    static final Duration STARTUP = Duration.ofSeconds(150);
    /** A process or application change seen by the nodes. */
    static final Duration CHANGE = Duration.ofSeconds(20);
    /** A start or stop sequence of a few stages with startsecs=1. */
    static final Duration SEQUENCE = Duration.ofSeconds(45);
    /** Loss of an instance: inactivity_ticks + 1 ticks, plus slack. */
    static final Duration DETECTION = Duration.ofSeconds(30);
    /** Master loss: detection, election, back to a working state. */
    static final Duration REELECTION = Duration.ofSeconds(90);
    /** A lost instance's processes restarted elsewhere: detection, then a start sequence. */
    static final Duration FAILOVER = Duration.ofSeconds(60);
    /** Reply timeout of the control calls made with wait=True (they answer when their jobs end). */
    static final Duration CALL = Duration.ofSeconds(120);
    /** Window during which something must keep not happening (several ticks). */
    static final Duration QUIET = Duration.ofSeconds(5);

    private Limits() {
    }
}
