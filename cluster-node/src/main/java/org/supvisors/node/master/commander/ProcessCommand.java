package org.supvisors.node.master.commander;

import org.supvisors.protocol.ProcessState;

/**
 * One process to start or stop on one instance, inside an {@link ApplicationJob}.
 *
 * @param identifier the target; empty for a start whose instance is chosen when it is issued
 * @param extraArgs arguments appended to the command line of a start
 * @param waitExit a start completes on an expected exit rather than on RUNNING
 * @param required its start failure applies the application's starting failure strategy
 * @param issued whether the order went to the target
 * @param refCounter the target's tick counter when the order went (or when BACKOFF restarted it)
 * @param waitTicks ticks allowed for the whole transition (startsecs or stopwaitsecs, plus margin)
 * @param seen the target reported the transition (STARTING, STOPPING) since the order went
 * @param baseline the target's state when the order went (then the last one seen): an unchanged
 *     state is no news, and only a new BACKOFF restarts the timeout
 * @param baselineStop the target's stop date when the order went, to spot a new exit
 */
public record ProcessCommand(
    String namespec,
    String identifier,
    String extraArgs,
    boolean waitExit,
    boolean required,
    int expectedLoading,
    int sequence,
    boolean issued,
    long refCounter,
    int waitTicks,
    boolean seen,
    ProcessState baseline,
    long baselineStop) {

  public static ProcessCommand planned(
      String namespec, String identifier, String extraArgs, boolean waitExit, boolean required, int expectedLoading,
      int sequence) {
    return new ProcessCommand(namespec, identifier, extraArgs, waitExit, required, expectedLoading, sequence,
        false, 0, 0, false, ProcessState.UNKNOWN, 0);
  }

  ProcessCommand issuedTo(String target, long counter, int ticks, ProcessState state, long stop) {
    return new ProcessCommand(namespec, target, extraArgs, waitExit, required, expectedLoading, sequence,
        true, counter, ticks, false, state, stop);
  }

  ProcessCommand seenAt(long counter) {
    return new ProcessCommand(namespec, identifier, extraArgs, waitExit, required, expectedLoading, sequence,
        issued, counter, waitTicks, true, baseline, baselineStop);
  }

  /** The target was seen in {@code state}; {@code counter} is the timeout reference from now on. */
  ProcessCommand seenIn(ProcessState state, long counter) {
    return new ProcessCommand(namespec, identifier, extraArgs, waitExit, required, expectedLoading, sequence,
        issued, counter, waitTicks, true, state, baselineStop);
  }

  boolean placed() {
    return !identifier.isEmpty();
  }
}
