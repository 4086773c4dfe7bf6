package org.supvisors.node.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.pubsub.Topic;
import org.supvisors.node.context.ProcessStatus;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.SupvisorsStatus;

/**
 * The change topics of a node: every change of an instance, an application, a process and of the
 * Supvisors state, as this node sees them, for any local subscriber (event publishers, dashboard
 * feed, embedding API) to join with {@link Topic#subscribe}. The topic actors watch their
 * subscribers and drop those that stop.
 *
 * <p>The topics are local: their names carry the node's identifier, so no other node's topic
 * shares them and the messages never cross the cluster (every node has its own replica of the
 * model, hence its own changes). Cross-node traffic goes to receptionist-listed actors instead
 * ({@link Peers}).
 *
 * @param instances published by the instances table
 * @param applications published by the process model
 * @param processes published by the process model
 * @param state published by the node's Supvisors state machine
 */
public record Topics(
    ActorRef<Topic.Command<InstanceEvent>> instances,
    ActorRef<Topic.Command<ApplicationEvent>> applications,
    ActorRef<Topic.Command<ProcessEvent>> processes,
    ActorRef<Topic.Command<StateEvent>> state) {

  public sealed interface InstanceEvent permits InstanceChanged {}

  /** An instance's state, tick or state-modes changed. */
  public record InstanceChanged(InstanceInfo info) implements InstanceEvent {}

  public sealed interface ApplicationEvent permits ApplicationChanged, ApplicationRemoved {}

  public record ApplicationChanged(ApplicationInfo info) implements ApplicationEvent {}

  /** The application's last process is gone from every instance. */
  public record ApplicationRemoved(String applicationName) implements ApplicationEvent {}

  public sealed interface ProcessEvent permits ProcessChanged, ProcessRemoved {}

  public record ProcessChanged(ProcessStatus status) implements ProcessEvent {}

  /** The process is gone from every instance. */
  public record ProcessRemoved(String namespec) implements ProcessEvent {}

  public sealed interface StateEvent permits StateChanged {}

  /** This node's Supvisors state, Master or job lists changed. */
  public record StateChanged(SupvisorsStatus status) implements StateEvent {}

  /** How the topic actors are started: {@code ActorContext::spawn} or {@code ActorTestKit::spawn}. */
  public interface Spawner {
    <T> ActorRef<T> spawn(Behavior<T> behavior, String name);
  }

  /**
   * Starts the four topics of node {@code localId}. Each has one subscriber that ignores everything:
   * a topic without subscribers sends each publication to dead letters, which would fill the log
   * with every change while no publisher or dashboard listens.
   */
  public static Topics start(String localId, Spawner spawner) {
    ActorRef<Object> sink = spawner.spawn(Behaviors.ignore(), "topic-sink");
    Topics topics = new Topics(
        spawner.spawn(Topic.create(InstanceEvent.class, name("instances", localId)), "topic-instances"),
        spawner.spawn(Topic.create(ApplicationEvent.class, name("applications", localId)), "topic-applications"),
        spawner.spawn(Topic.create(ProcessEvent.class, name("processes", localId)), "topic-processes"),
        spawner.spawn(Topic.create(StateEvent.class, name("state", localId)), "topic-state"));
    topics.instances().tell(Topic.subscribe(sink.narrow()));
    topics.applications().tell(Topic.subscribe(sink.narrow()));
    topics.processes().tell(Topic.subscribe(sink.narrow()));
    topics.state().tell(Topic.subscribe(sink.narrow()));
    return topics;
  }

  static String name(String what, String localId) {
    return "supvisors-" + what + "-changes@" + localId;
  }
}
