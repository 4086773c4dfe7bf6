package org.supvisors.rules;

/** An {@code <alias>} element: a name standing for a comma-separated list. */
record AliasDef(String name, String value, SourceLocation at) {}
