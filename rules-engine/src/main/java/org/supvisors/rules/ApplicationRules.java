package org.supvisors.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.WireStruct;

/**
 * The resolved rules of one application (a Supervisor group).
 *
 * @param applicationName the group name
 * @param managed whether an {@code <application>} element matches the name
 * @param distribution how the processes may spread over instances
 * @param identifiers the instances allowed when the distribution is not ALL_INSTANCES, as written
 *     after alias expansion ({@code ["*"]}, names, stereotypes) or the one name chosen by {@code #};
 *     filter them with {@link InstanceDirectory#filter} before use
 * @param startSequence rank in the global start sequence; 0 means not started automatically
 * @param stopSequence rank in the global stop sequence (greatest first)
 * @param startingStrategy strategy used to choose instances when the application starts
 * @param startingFailureStrategy what to do when a required process fails to start
 * @param runningFailureStrategy default for its processes when they are lost
 */
public record ApplicationRules(
    String applicationName,
    boolean managed,
    DistributionRule distribution,
    List<String> identifiers,
    int startSequence,
    int stopSequence,
    StartingStrategy startingStrategy,
    StartingFailureStrategy startingFailureStrategy,
    RunningFailureStrategy runningFailureStrategy)
    implements WireStruct {

  public ApplicationRules {
    identifiers = List.copyOf(identifiers);
  }

  /** The rules of a group that no {@code <application>} element matches. */
  public static ApplicationRules unmanaged(String applicationName, StartingStrategy defaultStrategy) {
    return new ApplicationRules(
        applicationName, false, DistributionRule.ALL_INSTANCES, List.of("*"), 0, 0, defaultStrategy,
        StartingFailureStrategy.ABORT, RunningFailureStrategy.CONTINUE);
  }

  /** The struct of {@code get_application_rules}, keys in the order of Supvisors 0.17.4. */
  @Override
  public Map<String, Object> toWire() {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("managed", managed);
    if (managed) {
      map.put("distribution", distribution.name());
      map.put("identifiers", identifiers);
      map.put("start_sequence", startSequence);
      map.put("stop_sequence", stopSequence);
      map.put("starting_strategy", startingStrategy.name());
      map.put("starting_failure_strategy", startingFailureStrategy.name());
      map.put("running_failure_strategy", runningFailureStrategy.name());
    }
    map.put("application_name", applicationName);
    return map;
  }
}
