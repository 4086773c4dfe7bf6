package org.supvisors.rules;

import java.util.List;

/**
 * A resolution result with the problems met while computing it (for instance an application
 * pattern with {@code #} applied to a group name without a numeric suffix).
 */
public record Resolved<T>(T value, List<RulesError> problems) {

  public Resolved {
    problems = List.copyOf(problems);
  }
}
