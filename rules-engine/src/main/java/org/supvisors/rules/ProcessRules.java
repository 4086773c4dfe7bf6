package org.supvisors.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.protocol.WireStruct;

/**
 * The resolved rules of one process.
 *
 * @param applicationName the group name
 * @param processName the process name as Supervisor expands it (e.g. {@code prg_01})
 * @param identifiers instances where it may start, as written after alias expansion ({@code ["*"]},
 *     names, stereotypes), or the single instance assigned by {@code #} / {@code @}; empty while a
 *     sign cannot be resolved (unknown process index, {@code @} with more processes than instances)
 * @param sign the sign used in the rules, if any
 * @param startSequence rank in the application's start sequence; 0 means not started with it
 * @param stopSequence rank in the application's stop sequence (greatest first)
 * @param required whether its failure is a major failure of the application
 * @param waitExit whether the start sequence waits for its expected exit
 * @param expectedLoading expected resource usage, percent of a node (0..100)
 * @param startingFailureStrategy what its start failure does to the application start
 * @param runningFailureStrategy what the Master does when it is lost
 */
public record ProcessRules(
    String applicationName,
    String processName,
    List<String> identifiers,
    IdentifierSign sign,
    int startSequence,
    int stopSequence,
    boolean required,
    boolean waitExit,
    int expectedLoading,
    StartingFailureStrategy startingFailureStrategy,
    RunningFailureStrategy runningFailureStrategy)
    implements WireStruct {

  public ProcessRules {
    identifiers = List.copyOf(identifiers);
  }

  /** The rules of a process that no {@code <program>} element matches. */
  public static ProcessRules defaults(String applicationName, String processName, ApplicationRules application) {
    return new ProcessRules(
        applicationName, processName, List.of("*"), IdentifierSign.NONE, 0, 0, false, false, 0,
        application.startingFailureStrategy(), application.runningFailureStrategy());
  }

  /** The name Supervisor's API uses: {@code application:process}, or the name alone when both are equal. */
  public String namespec() {
    return applicationName.equals(processName) ? processName : applicationName + ":" + processName;
  }

  /**
   * Whether Supervisor's own {@code autorestart} must be turned off for this program: the Master
   * handles its loss at application level, and a local restart would fight it.
   */
  public boolean disablesAutorestart() {
    return runningFailureStrategy == RunningFailureStrategy.STOP_APPLICATION
        || runningFailureStrategy == RunningFailureStrategy.RESTART_APPLICATION;
  }

  /** The struct of {@code get_process_rules}, keys in the order of Supvisors 0.17.4. */
  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("identifiers", identifiers);
    map.put("start_sequence", startSequence);
    map.put("stop_sequence", stopSequence);
    map.put("required", required);
    map.put("wait_exit", waitExit);
    map.put("expected_loading", expectedLoading);
    map.put("starting_failure_strategy", startingFailureStrategy.name());
    map.put("running_failure_strategy", runningFailureStrategy.name());
    map.put("application_name", applicationName);
    map.put("process_name", processName);
    return map;
  }
}
