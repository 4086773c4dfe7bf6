package org.supvisors.node.master.commander;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.rules.Rules;
import org.supvisors.rules.decision.RunningFailureDecision;

/**
 * The processes that the Master fails over when it loses an instance, worked out in advance from a process model:
 * those that ran there and nowhere else, whose running failure strategy the Master acts upon for an instance loss
 * (the same decision as {@link Commander#onProcessChange}). The node of a downed instance stops them before it exits,
 * so that they never run on both sides of a partition; the others keep running (nothing restarts them elsewhere).
 *
 * <p>The Master's state is not part of it: the downed side cannot know it, and a Master that is not working yet
 * fails them over anyway when it deploys (their application has a failure then).
 */
public final class LostInstanceFailover {

  private LostInstanceFailover() {}

  /**
   * The processes failed over on the loss of {@code identifier}, in the order of {@code processes}.
   *
   * @param processes the process model, by namespec, as the node of that instance sees it
   */
  public static List<ProcessStatus> failedOver(String identifier, Map<String, ProcessStatus> processes, Rules rules) {
    // The model the Master would have after the loss: the application states count the lost processes as FATAL.
    Model model = new Model(identifier, rules, Map.of(), Duration.ofSeconds(1));
    double now = System.currentTimeMillis() / 1000.0;
    // Each process that ran there and nowhere else, with its status after the loss.
    Map<ProcessStatus, ProcessStatus> lost = new LinkedHashMap<>();
    for (ProcessStatus status : processes.values()) {
      ProcessStatus after = status.instanceLost(identifier, now);
      model.update(after);
      // Still running elsewhere (a conflict): the Master restarts nothing.
      if (after != status && after.crashed() && after.running().isEmpty()) {
        lost.put(status, after);
      }
    }
    List<ProcessStatus> failedOver = new ArrayList<>();
    lost.forEach((before, after) -> {
      if (RunningFailureDecision.actsOnInstanceLost(model.runningFailure(after))) {
        failedOver.add(before);
      }
    });
    return List.copyOf(failedOver);
  }
}
