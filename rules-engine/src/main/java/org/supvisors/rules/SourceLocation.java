package org.supvisors.rules;

/** Where an element starts in a rules file (1-based line and column). */
record SourceLocation(String file, int line, int column) {

  static SourceLocation ofFile(String file) {
    return new SourceLocation(file, 0, 0);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
