package org.supvisors.rules.decision;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.supvisors.protocol.ConciliationStrategy;

/**
 * Resolves conflicts (manual section 8.8) into actions. Where uptimes tie, the copy listed first is
 * the one kept: callers list copies in {@code supvisors_list} order, so the outcome is repeatable.
 */
public final class Conciliator {

  private Conciliator() {}

  public static List<Action> conciliate(ConciliationStrategy strategy, List<Conflict> conflicts) {
    List<Action> actions = new ArrayList<>();
    for (Conflict conflict : conflicts) {
      actions.addAll(conciliate(strategy, conflict));
    }
    return List.copyOf(actions);
  }

  public static List<Action> conciliate(ConciliationStrategy strategy, Conflict conflict) {
    return switch (strategy) {
      // Senicide kills the elders: the youngest copy survives.
      case SENICIDE -> keepOnly(conflict, Comparator.comparingLong(Conflict.Copy::uptime));
      // Infanticide kills the young: the oldest copy survives.
      case INFANTICIDE -> keepOnly(conflict, Comparator.comparingLong(Conflict.Copy::uptime).reversed());
      case USER -> List.of();
      case STOP -> stopAll(conflict);
      case RESTART -> List.of(new Action.RestartProcess(conflict.namespec(), conflict.applicationStrategy()));
      case RUNNING_FAILURE -> {
        List<Action> actions = new ArrayList<>(stopAll(conflict));
        actions.add(new Action.SubmitRunningFailure(conflict.asRunningFailure()));
        yield List.copyOf(actions);
      }
    };
  }

  private static List<Action> keepOnly(Conflict conflict, Comparator<Conflict.Copy> best) {
    // min() returns the first of equal elements, which makes ties deterministic.
    Conflict.Copy kept = conflict.copies().stream().min(best).orElseThrow();
    return conflict.copies().stream()
        .filter(c -> c != kept)
        .map(c -> (Action) new Action.StopProcessOn(conflict.namespec(), c.identifier()))
        .toList();
  }

  private static List<Action> stopAll(Conflict conflict) {
    return conflict.copies().stream()
        .map(c -> (Action) new Action.StopProcessOn(conflict.namespec(), c.identifier()))
        .toList();
  }
}
