package org.supvisors.rules.decision;

import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * A process lost while running, with what the running-failure handling needs to know about it.
 *
 * @param applicationName its application
 * @param namespec the process
 * @param strategy its running failure strategy (from its rules)
 * @param applicationStrategy the application's starting strategy, used for restarts
 * @param inStartSequence whether it has a positive start sequence
 * @param applicationStopped whether its application is STOPPED now
 */
public record RunningFailure(
    String applicationName,
    String namespec,
    RunningFailureStrategy strategy,
    StartingStrategy applicationStrategy,
    boolean inStartSequence,
    boolean applicationStopped) {}
