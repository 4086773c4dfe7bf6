package org.supvisors.node.supervisor;

import java.util.List;

/**
 * What the configuration says about one process, as far as its {@code LocalProcessInfo} needs it.
 *
 * @param exitcodes the program's expected exit statuses, {@code null} when the configuration is not
 *     known (then only a zero exit status is taken as expected)
 */
public record ProcessSetup(
    String programName, int processIndex, int startsecs, int stopwaitsecs, List<Integer> exitcodes) {

  public ProcessSetup {
    exitcodes = exitcodes == null ? null : List.copyOf(exitcodes);
  }

  /** Used when supervisord reports a process whose configuration was not read: Supervisor's defaults. */
  public static ProcessSetup unknown(String processName) {
    return new ProcessSetup(processName, 0, 1, 10, null);
  }

  public boolean expectedExit(int exitstatus) {
    return exitcodes == null ? exitstatus == 0 : exitcodes.contains(exitstatus);
  }
}
