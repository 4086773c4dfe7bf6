package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.StartingStrategy;

/** Which jobs a new Master takes over: the cluster's, or its journal's, and when none. */
class ResumptionTest {

  private static final Duration WINDOW = Duration.ofSeconds(60);
  private static final long NOW = 1795559720000L;

  private static Jobs jobs(String application, long updatedAt, long nextId) {
    ApplicationJob job = new ApplicationJob(1, application, true, 1, StartingStrategy.CONFIG,
        List.of(List.of(ProcessCommand.planned(application + ":p", "", "", false, true, 0, 1))), List.of(), false,
        false, false, null, Set.of(), "a");
    return new Jobs(List.of(), List.of(job), List.of(), List.of(), List.of(), Map.of(), nextId, updatedAt);
  }

  private static Optional<ReplicatedJobs> held(Jobs jobs) {
    return Optional.of(new ReplicatedJobs("b", jobs, List.of()));
  }

  @Test
  void theClusterWinsOverAPerNodeJournalWhateverTheirAges() {
    Jobs journal = jobs("stale", NOW, 20);
    Jobs cluster = Jobs.EMPTY.at(NOW - 1000);
    Resumption.Choice choice = Resumption.choose(journal, 0, held(cluster), true, WINDOW);
    assertTrue(choice.jobs().allJobs().findAny().isEmpty(), "jobs cleared by the last Master stay cleared");
    assertEquals(20, choice.jobs().nextId(), "identifiers never given twice");
  }

  @Test
  void theClusterJobsResumeEvenOlderThanTheWindow() {
    Jobs cluster = jobs("app", NOW - 3_600_000, 5);
    assertEquals(cluster.starting(),
        Resumption.choose(Jobs.EMPTY, Long.MAX_VALUE, held(cluster), true, WINDOW).jobs().starting());
  }

  @Test
  void aSharedJournalNewerThanTheClusterWins() {
    Jobs journal = jobs("newer", NOW, 8);
    Jobs cluster = jobs("older", NOW - 10, 7);
    assertEquals(journal.starting(), Resumption.choose(journal, 10, held(cluster), false, WINDOW).jobs().starting());
    assertEquals(cluster.starting(), Resumption.choose(journal, 10, held(cluster), true, WINDOW).jobs().starting());
  }

  @Test
  void withoutTheClusterAPerNodeJournalOfSeveralInstancesIsDropped() {
    Jobs journal = jobs("app", NOW, 3);
    assertEquals(journal.forgotten(), Resumption.choose(journal, 10, Optional.empty(), true, WINDOW).jobs());
    assertEquals(journal, Resumption.choose(journal, 10, Optional.empty(), false, WINDOW).jobs(),
        "a shared journal (or a system of one instance) resumes");
    assertEquals(journal.forgotten(), Resumption.choose(journal, 61_000, null, false, WINDOW).jobs(),
        "older than the window");
  }
}
