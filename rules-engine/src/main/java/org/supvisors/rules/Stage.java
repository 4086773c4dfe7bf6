package org.supvisors.rules;

import java.util.List;

/**
 * One step of a sequence: every member shares the rank and runs in parallel; the next stage begins
 * when all of them are done.
 */
public record Stage<T>(int rank, List<T> members) {

  public Stage {
    members = List.copyOf(members);
  }
}
