package org.supvisors.rules;

import java.util.List;
import java.util.regex.Pattern;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * An {@code <application>} element as written; {@code null} values are "not set".
 *
 * @param name exact group name, or null for a pattern element
 * @param pattern the pattern text, or null
 * @param regex the compiled pattern, or null
 * @param identifiers raw text of {@code <identifiers>}, before alias expansion
 * @param programs the {@code <program>} elements in file order
 */
record ApplicationDef(
    String name,
    String pattern,
    Pattern regex,
    DistributionRule distribution,
    String identifiers,
    Integer startSequence,
    Integer stopSequence,
    StartingStrategy startingStrategy,
    StartingFailureStrategy startingFailureStrategy,
    RunningFailureStrategy runningFailureStrategy,
    List<ProgramDef> programs,
    SourceLocation at) {

  boolean byPattern() {
    return name == null;
  }

  String label() {
    return byPattern() ? "pattern '" + pattern + "'" : "'" + name + "'";
  }
}
