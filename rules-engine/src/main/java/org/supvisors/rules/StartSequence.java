package org.supvisors.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * A start sequence: stages by increasing rank. Only ranks above 0 take part, rank 0 (or less)
 * meaning "not started automatically". Members of a stage keep their input order.
 */
public record StartSequence<T>(List<Stage<T>> stages) {

  public StartSequence {
    stages = List.copyOf(stages);
  }

  /** Stages of the items whose rank is positive, smallest rank first. */
  public static <T> StartSequence<T> of(Collection<T> items, ToIntFunction<T> rank) {
    Map<Integer, List<T>> byRank = new TreeMap<>();
    for (T item : items) {
      int r = rank.applyAsInt(item);
      if (r > 0) {
        byRank.computeIfAbsent(r, k -> new ArrayList<>()).add(item);
      }
    }
    List<Stage<T>> stages = new ArrayList<>();
    byRank.forEach((r, members) -> stages.add(new Stage<>(r, members)));
    return new StartSequence<>(stages);
  }

  /** The processes an application start launches, by their {@code start_sequence}. */
  public static StartSequence<ProcessRules> ofApplication(Collection<ProcessRules> processes) {
    return of(processes, ProcessRules::startSequence);
  }

  /** The applications the DEPLOYMENT state starts: managed ones with a positive {@code start_sequence}. */
  public static StartSequence<ApplicationRules> global(Collection<ApplicationRules> applications) {
    return of(applications.stream().filter(ApplicationRules::managed).toList(), ApplicationRules::startSequence);
  }

  public boolean isEmpty() {
    return stages.isEmpty();
  }

  /** Every member, stage after stage. */
  public List<T> flatten() {
    return stages.stream().flatMap(s -> s.members().stream()).toList();
  }
}
