package org.supvisors.node.api;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.AskPattern;
import akka.pattern.StatusReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.supvisors.http.SupvisorsService;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.fsm.SupvisorsFsm;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.Strategies;
import org.supvisors.protocol.SupvisorsException;
import org.supvisors.protocol.SupvisorsFault;
import org.supvisors.protocol.SupvisorsStatus;

/** {@link SupvisorsService} implemented with asks to this node's actors. */
public final class NodeService implements SupvisorsService {

  /** Supvisors API version this node is compatible with. */
  public static final String API_VERSION = "0.17.4";

  private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

  private final ActorSystem<?> system;
  private final NodeSettings settings;
  private final ActorRef<Instances.Command> instances;
  private final ActorRef<SupvisorsFsm.Command> fsm;

  public NodeService(
      ActorSystem<?> system,
      NodeSettings settings,
      ActorRef<Instances.Command> instances,
      ActorRef<SupvisorsFsm.Command> fsm) {
    this.system = system;
    this.settings = settings;
    this.instances = instances;
    this.fsm = fsm;
  }

  @Override
  public String apiVersion() {
    return API_VERSION;
  }

  @Override
  public CompletionStage<SupvisorsStatus> supvisorsState() {
    return AskPattern.ask(fsm, SupvisorsFsm.GetStatus::new, ASK_TIMEOUT, system.scheduler());
  }

  @Override
  public CompletionStage<String> masterIdentifier() {
    return supvisorsState().thenApply(SupvisorsStatus::masterIdentifier);
  }

  @Override
  public CompletionStage<Strategies> strategies() {
    return java.util.concurrent.CompletableFuture.completedFuture(
        new Strategies(
            settings.options().autoFence(),
            settings.options().startingStrategy(),
            settings.options().conciliationStrategy()));
  }

  @Override
  public CompletionStage<List<InstanceInfo>> allInstancesInfo() {
    return view().thenApply(view -> {
      List<InstanceInfo> infos = new ArrayList<>(view.instances().values());
      infos.sort(Comparator.comparing(InstanceInfo::identifier));
      return infos;
    });
  }

  @Override
  public CompletionStage<InstanceInfo> instanceInfo(String identifier) {
    return view().thenApply(view -> view.get(identifier).orElseThrow(() ->
        new SupvisorsException(Fault.INCORRECT_PARAMETERS, identifier + " unknown to Supvisors")));
  }

  @Override
  public CompletionStage<Boolean> endSync(String master) {
    CompletionStage<Boolean> reply = AskPattern.ask(
        fsm,
        (ActorRef<StatusReply<Boolean>> replyTo) -> new SupvisorsFsm.EndSync(master, replyTo),
        SupvisorsFsm.END_SYNC_TIMEOUT,
        system.scheduler())
        .thenApply(StatusReply::getValue);
    return reply.exceptionally(failure -> { throw asFault(failure); });
  }

  @Override
  public CompletionStage<Boolean> changeLogLevel(LogLevel level) {
    LogLevels.apply(level);
    return java.util.concurrent.CompletableFuture.completedFuture(true);
  }

  private CompletionStage<Instances.View> view() {
    return AskPattern.ask(instances, Instances.GetAll::new, ASK_TIMEOUT, system.scheduler());
  }

  /** A StatusReply error carries the fault's wire text: rebuild the fault from it. */
  private static RuntimeException asFault(Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    if (cause instanceof StatusReply.ErrorMessage error) {
      return new SupvisorsException(SupvisorsFault.parse(error.getMessage()));
    }
    if (cause instanceof SupvisorsException fault) {
      return fault;
    }
    return new SupvisorsException(Fault.FAILED, cause.toString());
  }
}
