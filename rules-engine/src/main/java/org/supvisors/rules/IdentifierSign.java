package org.supvisors.rules;

/** The assignment sign of a program's identifiers, for processes of a homogeneous group. */
public enum IdentifierSign {
  /** No sign: the identifiers list applies as is. */
  NONE,
  /** {@code #}: the Nth process goes to the Nth instance of the list, wrapping around. */
  HASH,
  /** {@code @}: the Nth process goes to the Nth instance; processes in excess get no instance. */
  AT
}
