package org.supvisors.rules;

import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;

/**
 * The values one {@code <program>} or {@code <model>} element sets; {@code null} means "not set
 * here", so that a referenced model or the defaults can supply it.
 *
 * @param identifiers raw text of {@code <identifiers>}, before alias expansion
 */
record RuleValues(
    String identifiers,
    Integer startSequence,
    Integer stopSequence,
    Boolean required,
    Boolean waitExit,
    Integer expectedLoading,
    StartingFailureStrategy startingFailureStrategy,
    RunningFailureStrategy runningFailureStrategy) {

  static final RuleValues NONE = new RuleValues(null, null, null, null, null, null, null, null);

  /** These values where set, the base values elsewhere: a program element over its model. */
  RuleValues over(RuleValues base) {
    return new RuleValues(
        pick(identifiers, base.identifiers),
        pick(startSequence, base.startSequence),
        pick(stopSequence, base.stopSequence),
        pick(required, base.required),
        pick(waitExit, base.waitExit),
        pick(expectedLoading, base.expectedLoading),
        pick(startingFailureStrategy, base.startingFailureStrategy),
        pick(runningFailureStrategy, base.runningFailureStrategy));
  }

  private static <T> T pick(T own, T base) {
    return own != null ? own : base;
  }
}
