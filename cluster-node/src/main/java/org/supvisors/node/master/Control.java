package org.supvisors.node.master;

import akka.actor.typed.ActorRef;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import akka.pattern.StatusReply;
import org.supvisors.node.fsm.FaultReplies;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * The control requests the Master's commander takes, from the API of any node through the
 * singleton proxy. The node checks its own Supvisors state first (the state guard of compat
 * xmlrpc §3); the Master checks names and process states with its own model and answers with the
 * value of the XML-RPC method or a fault ({@code StatusReply} error text = the fault's wire text).
 *
 * <p>With {@code await} (the XML-RPC {@code wait}), the answer comes when the jobs created by this very request are finished
 * (Supvisors watches the whole Starter instead; finishing earlier is the only difference a caller
 * can see). Without it, the answer comes once the jobs are planned.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = Control.StartApplication.class, name = "start-application"),
  @JsonSubTypes.Type(value = Control.StopApplication.class, name = "stop-application"),
  @JsonSubTypes.Type(value = Control.RestartApplication.class, name = "restart-application"),
  @JsonSubTypes.Type(value = Control.StartProcess.class, name = "start-process"),
  @JsonSubTypes.Type(value = Control.StartAnyProcess.class, name = "start-any-process"),
  @JsonSubTypes.Type(value = Control.StopProcess.class, name = "stop-process"),
  @JsonSubTypes.Type(value = Control.RestartProcess.class, name = "restart-process"),
  @JsonSubTypes.Type(value = Control.RestartSequence.class, name = "restart-sequence"),
  @JsonSubTypes.Type(value = Control.Terminate.class, name = "terminate"),
  @JsonSubTypes.Type(value = Control.Conciliate.class, name = "conciliate")
})
public sealed interface Control extends ClusterSerializable {

  /** Where the answer goes. */
  ActorRef<? extends StatusReply<?>> replyTo();

  /** Answers with a fault. */
  @SuppressWarnings("unchecked")
  default void refuse(Fault fault, String detail) {
    ((ActorRef<StatusReply<Object>>) replyTo()).tell(FaultReplies.error(fault, detail));
  }

  record StartApplication(
      StartingStrategy strategy, String applicationName, boolean await, ActorRef<StatusReply<Boolean>> replyTo)
      implements Control {}

  record StopApplication(String applicationName, boolean await, ActorRef<StatusReply<Boolean>> replyTo)
      implements Control {}

  record RestartApplication(
      StartingStrategy strategy, String applicationName, boolean await, ActorRef<StatusReply<Boolean>> replyTo)
      implements Control {}

  record StartProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean await,
      ActorRef<StatusReply<Boolean>> replyTo)
      implements Control {}

  /** Answers the namespec chosen. */
  record StartAnyProcess(
      StartingStrategy strategy, String regex, String extraArgs, boolean await, ActorRef<StatusReply<String>> replyTo)
      implements Control {}

  record StopProcess(String namespec, boolean await, ActorRef<StatusReply<Boolean>> replyTo) implements Control {}

  record RestartProcess(
      StartingStrategy strategy, String namespec, String extraArgs, boolean await,
      ActorRef<StatusReply<Boolean>> replyTo)
      implements Control {}

  /** Forced re-deployment; with wait, answers once DEPLOYMENT is over. */
  record RestartSequence(boolean await, ActorRef<StatusReply<Boolean>> replyTo) implements Control {}

  /** RESTARTING (restart = true) or SHUTTING_DOWN; answers at once. */
  record Terminate(boolean restart, ActorRef<StatusReply<Boolean>> replyTo) implements Control {}

  /** Applies a conciliation strategy to the current conflicts; USER answers false and does nothing. */
  record Conciliate(ConciliationStrategy strategy, ActorRef<StatusReply<Boolean>> replyTo) implements Control {}
}
