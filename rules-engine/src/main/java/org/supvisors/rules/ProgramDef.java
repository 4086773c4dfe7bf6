package org.supvisors.rules;

import java.util.regex.Pattern;

/**
 * A {@code <program>} element (or a {@code <model>}, which has the same content) as written.
 *
 * @param name exact name, or null for a pattern element
 * @param pattern the pattern text, or null for a named element
 * @param regex the compiled pattern, or null
 * @param reference the referenced model name, or null
 */
record ProgramDef(
    String name, String pattern, Pattern regex, String reference, RuleValues values, SourceLocation at) {

  boolean byPattern() {
    return name == null;
  }

  String label() {
    return byPattern() ? "pattern '" + pattern + "'" : "'" + name + "'";
  }
}
