package org.supvisors.http.xmlrpc;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.supvisors.http.SupvisorsService;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.protocol.SupvisorsStatus;

/**
 * A node with two instances, sv1 (Master) and sv2, that records what it is asked. Special end_sync
 * masters trigger the failure paths: {@code boom} fails with a plain exception, {@code slow} never
 * answers, {@code sv3} fails with a Supvisors fault.
 */
final class FakeSupvisorsService implements SupvisorsService {

  static final InstanceInfo SV1 = new InstanceInfo("sv1", "localhost", 61000, InstanceState.RUNNING,
      5, 1795559720L, 1795559721L, 10, true,
      new StateModes(SupvisorsState.OPERATION, false, "sv1", false, true));
  static final InstanceInfo SV2 = new InstanceInfo("sv2", "10.0.0.2", 61100, InstanceState.SILENT,
      0, 4_000_000_000L, 0L, 0, false, StateModes.OFF);

  final Queue<String> endSyncMasters = new ConcurrentLinkedQueue<>();
  final Queue<LogLevel> logLevels = new ConcurrentLinkedQueue<>();
  private final String master;

  FakeSupvisorsService() {
    this("sv1");
  }

  /** {@code master} may be null to simulate a broken node that answers an unmarshallable value. */
  FakeSupvisorsService(String master) {
    this.master = master;
  }

  @Override
  public String apiVersion() {
    return "0.17.4";
  }

  @Override
  public CompletionStage<SupvisorsStatus> supvisorsState() {
    return CompletableFuture.completedFuture(new SupvisorsStatus(SupvisorsState.OPERATION, false,
        "sv1", List.of("sv2"), List.of()));
  }

  @Override
  public CompletionStage<String> masterIdentifier() {
    return CompletableFuture.completedFuture(master);
  }

  @Override
  public CompletionStage<Strategies> strategies() {
    return CompletableFuture.completedFuture(
        new Strategies(false, StartingStrategy.CONFIG, ConciliationStrategy.USER));
  }

  @Override
  public CompletionStage<List<InstanceInfo>> allInstancesInfo() {
    return CompletableFuture.completedFuture(List.of(SV1, SV2));
  }

  @Override
  public CompletionStage<InstanceInfo> instanceInfo(String identifier) {
    return switch (identifier) {
      case "sv1" -> CompletableFuture.completedFuture(SV1);
      case "sv2" -> CompletableFuture.completedFuture(SV2);
      default -> CompletableFuture.failedFuture(
          new SupvisorsException(Fault.INCORRECT_PARAMETERS, identifier + " unknown to Supvisors"));
    };
  }

  @Override
  public CompletionStage<Boolean> endSync(String master) {
    endSyncMasters.add(master);
    return switch (master) {
      case "boom" -> CompletableFuture.failedFuture(new IllegalStateException("boom"));
      case "slow" -> new CompletableFuture<>();
      case "sv3" -> CompletableFuture.failedFuture(new SupvisorsException(
          Fault.BAD_SUPVISORS_STATE,
          "Supvisors (state=OPERATION) not in state ['INITIALIZATION'] to perform request"));
      default -> CompletableFuture.completedFuture(true);
    };
  }

  @Override
  public CompletionStage<Boolean> changeLogLevel(LogLevel level) {
    logLevels.add(level);
    return CompletableFuture.completedFuture(true);
  }
}
