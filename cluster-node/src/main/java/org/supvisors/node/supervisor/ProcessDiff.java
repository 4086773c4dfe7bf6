package org.supvisors.node.supervisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.supvisors.protocol.LocalProcessInfo;

/**
 * The differences between two pictures of the local processes (keyed by namespec). Pure.
 *
 * <p>Only what a process did counts as a difference: state, pid, spawnerr, exit expectation and
 * the configured fields. {@code now} and the description change at every read and never count.
 * start and stop count when both pictures come from supervisord (polling); they are left out when
 * one side was built from events, whose times are read on the local clock.
 */
public final class ProcessDiff {

  private ProcessDiff() {}

  /** One difference, in the terms of the events it becomes. */
  public sealed interface Change {
    String namespec();
  }

  /** The process is new or differs: here is its new record. */
  public record Changed(LocalProcessInfo info) implements Change {
    @Override
    public String namespec() {
      return info.namespec();
    }
  }

  /** The process is gone. */
  public record Gone(String namespec) implements Change {}

  /** Changed processes in the order of {@code after}, then the gone ones in the order of {@code before}. */
  public static List<Change> between(
      Map<String, LocalProcessInfo> before, Map<String, LocalProcessInfo> after, boolean compareTimes) {
    List<Change> changes = new ArrayList<>();
    after.forEach((namespec, info) -> {
      LocalProcessInfo old = before.get(namespec);
      if (old == null || differs(old, info, compareTimes)) {
        changes.add(new Changed(info));
      }
    });
    before.keySet().stream().filter(ns -> !after.containsKey(ns)).forEach(ns -> changes.add(new Gone(ns)));
    return changes;
  }

  static boolean differs(LocalProcessInfo a, LocalProcessInfo b, boolean compareTimes) {
    return a.state() != b.state()
        || a.pid() != b.pid()
        || a.exitExpected() != b.exitExpected()
        || !Objects.equals(a.spawnerr(), b.spawnerr())
        || a.startsecs() != b.startsecs()
        || a.stopwaitsecs() != b.stopwaitsecs()
        || !Objects.equals(a.programName(), b.programName())
        || a.processIndex() != b.processIndex()
        || compareTimes && (a.start() != b.start() || a.stop() != b.stop());
  }
}
