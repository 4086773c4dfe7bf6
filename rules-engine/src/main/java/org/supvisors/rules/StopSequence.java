package org.supvisors.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * A stop sequence: stages by decreasing rank, every item taking part (rank 0 last). Members of a
 * stage keep their input order.
 */
public record StopSequence<T>(List<Stage<T>> stages) {

  public StopSequence {
    stages = List.copyOf(stages);
  }

  /** Stages of all the items, greatest rank first. */
  public static <T> StopSequence<T> of(Collection<T> items, ToIntFunction<T> rank) {
    Map<Integer, List<T>> byRank = new TreeMap<>(Comparator.reverseOrder());
    for (T item : items) {
      byRank.computeIfAbsent(rank.applyAsInt(item), k -> new ArrayList<>()).add(item);
    }
    List<Stage<T>> stages = new ArrayList<>();
    byRank.forEach((r, members) -> stages.add(new Stage<>(r, members)));
    return new StopSequence<>(stages);
  }

  /** The processes an application stop stops, by their {@code stop_sequence}. */
  public static StopSequence<ProcessRules> ofApplication(Collection<ProcessRules> processes) {
    return of(processes, ProcessRules::stopSequence);
  }

  /** The applications a Supvisors restart or shutdown stops (unmanaged ones have rank 0). */
  public static StopSequence<ApplicationRules> global(Collection<ApplicationRules> applications) {
    return of(applications, ApplicationRules::stopSequence);
  }

  public boolean isEmpty() {
    return stages.isEmpty();
  }

  /** Every member, stage after stage. */
  public List<T> flatten() {
    return stages.stream().flatMap(s -> s.members().stream()).toList();
  }
}
