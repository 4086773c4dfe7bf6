package org.supvisors.node.supervisor;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.supvisors.protocol.SupervisorState;

/**
 * Asynchronous view of the local supervisord's XML-RPC API. The only way the node talks to
 * supervisord; implementations keep blocking I/O off the actors' threads. A fault returned by
 * supervisord completes the stage exceptionally with a {@link SupervisorCallException} carrying
 * Supervisor's fault code and text.
 */
public interface SupervisorClient {

  CompletionStage<SupervisorState> getState();

  /** Raw call for methods without a typed wrapper yet, and for forwarding API calls. */
  CompletionStage<Object> call(String method, List<Object> params);

  /** supervisor.getAllProcessInfo as Supervisor returns it (group then process order). */
  CompletionStage<List<Map<String, Object>>> getAllProcessInfo();

  /** supervisor.getProcessInfo as Supervisor returns it; fault 10 BAD_NAME for an unknown namespec. */
  CompletionStage<Map<String, Object>> getProcessInfo(String namespec);

  /** supervisor.getAllConfigInfo: one entry per process, groups flattened, sorted by process name. */
  CompletionStage<List<ProcessConfig>> getAllConfigInfo();

  CompletionStage<Boolean> startProcess(String namespec, boolean wait);

  CompletionStage<Boolean> stopProcess(String namespec, boolean wait);

  /** supervisor.getPID: the pid of supervisord, which is the parent of every process it spawns. */
  default CompletionStage<Integer> getPID() {
    return call("supervisor.getPID", List.of()).thenApply(r -> ((Number) r).intValue());
  }

  /** supervisor.restart: supervisord answers, then stops its processes and starts again. */
  default CompletionStage<Boolean> restart() {
    return call("supervisor.restart", List.of()).thenApply(Boolean.class::cast);
  }

  /** supervisor.shutdown: supervisord answers, then stops its processes and exits. */
  default CompletionStage<Boolean> shutdown() {
    return call("supervisor.shutdown", List.of()).thenApply(Boolean.class::cast);
  }

  /** supervisor.stopProcessGroup: one status struct per process of the group. */
  CompletionStage<List<Map<String, Object>>> stopProcessGroup(String group, boolean wait);

  /** @param signal a name ("HUP") or a number ("1"), as Supervisor accepts */
  CompletionStage<Boolean> signalProcess(String namespec, String signal);

  CompletionStage<LogTail> tailProcessStdoutLog(String namespec, int offset, int length);

  CompletionStage<LogTail> tailProcessStderrLog(String namespec, int offset, int length);

  CompletionStage<Boolean> clearProcessLogs(String namespec);

  /** supervisor.reloadConfig: reads the configuration again and tells the group differences, applies nothing. */
  CompletionStage<ConfigChanges> reloadConfig();

  CompletionStage<Boolean> addProcessGroup(String group);

  /** Fault 91 STILL_RUNNING while a process of the group runs. */
  CompletionStage<Boolean> removeProcessGroup(String group);

  /**
   * What {@code supervisorctl update} does: reload the configuration, then stop and remove the
   * removed groups, stop, remove and add again the changed ones, add the new ones. The calls are
   * chained one after the other, so supervisord sees them in that order.
   *
   * @return the differences that were applied
   */
  default CompletionStage<ConfigChanges> update() {
    return reloadConfig().thenCompose(changes -> {
      CompletionStage<?> chain = CompletableFuture.completedFuture(null);
      for (String group : changes.removed()) {
        chain = chain.thenCompose(x -> stopProcessGroup(group, true))
            .thenCompose(x -> removeProcessGroup(group));
      }
      for (String group : changes.changed()) {
        chain = chain.thenCompose(x -> stopProcessGroup(group, true))
            .thenCompose(x -> removeProcessGroup(group))
            .thenCompose(x -> addProcessGroup(group));
      }
      for (String group : changes.added()) {
        chain = chain.thenCompose(x -> addProcessGroup(group));
      }
      return chain.thenApply(x -> changes);
    });
  }

  /** A chunk of a process log, as supervisor.tailProcessStdoutLog returns it. */
  record LogTail(String text, int offset, boolean overflow) {}

  /** Group names found different by supervisor.reloadConfig. */
  record ConfigChanges(List<String> added, List<String> changed, List<String> removed) {
    public ConfigChanges {
      added = List.copyOf(added);
      changed = List.copyOf(changed);
      removed = List.copyOf(removed);
    }
  }
}
