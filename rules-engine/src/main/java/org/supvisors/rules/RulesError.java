package org.supvisors.rules;

/**
 * A problem found in the rules files, located as precisely as the input allows.
 *
 * <p>Line and column are 1-based; 0 means "unknown" (for instance a file that cannot be read at
 * all). An {@link Severity#ERROR} means that something the user wrote is not applied; a {@link
 * Severity#WARNING} means that it is applied in a documented, possibly surprising way.
 *
 * @param severity how serious the problem is
 * @param file the file name as given to the loader
 * @param line 1-based line, 0 if unknown
 * @param column 1-based column, 0 if unknown
 * @param message what is wrong, in words a user understands
 */
public record RulesError(Severity severity, String file, int line, int column, String message) {

  /** How serious a {@link RulesError} is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  static RulesError error(SourceLocation at, String message) {
    return new RulesError(Severity.ERROR, at.file(), at.line(), at.column(), message);
  }

  static RulesError warning(SourceLocation at, String message) {
    return new RulesError(Severity.WARNING, at.file(), at.line(), at.column(), message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** The conventional {@code file:line:column: severity: message} form, understood by editors. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + severity.name().toLowerCase() + ": " + message;
  }
}
