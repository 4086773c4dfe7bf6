package org.supvisors.protocol;

/**
 * Supervisor's process naming: {@code group:process}, {@code group:*} or {@code group:} for a whole
 * group, and {@code name} alone meaning {@code name:name}.
 *
 * @param process {@code null} when the namespec names a whole group
 */
public record Namespec(String group, String process) {

  public static Namespec parse(String namespec) {
    int colon = namespec.indexOf(':');
    if (colon < 0) {
      return new Namespec(namespec, namespec);
    }
    String group = namespec.substring(0, colon);
    String process = namespec.substring(colon + 1);
    return new Namespec(group, process.isEmpty() || process.equals("*") ? null : process);
  }

  public boolean wholeGroup() {
    return process == null;
  }

  public static String of(String group, String process) {
    return group.equals(process) ? process : group + ":" + process;
  }

  @Override
  public String toString() {
    return wholeGroup() ? group + ":*" : of(group, process);
  }
}
