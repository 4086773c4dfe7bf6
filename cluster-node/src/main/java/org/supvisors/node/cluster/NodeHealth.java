package org.supvisors.node.cluster;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;
import akka.actor.typed.ActorRef;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.SupvisorsState;

/**
 * The node's health as Akka Management's checks read it: the latest picture of the local instance, kept by
 * {@link HealthWatch}. Management creates its checks by reflection with the actor system alone, so the picture is
 * reached through this extension.
 */
public final class NodeHealth implements Extension {

  public static final Id ID = new Id();

  /** The Supvisors states in which the local model is synchronized with the others. */
  static final Set<SupvisorsState> SYNCHRONIZED = EnumSet.of(
      SupvisorsState.DEPLOYMENT, SupvisorsState.OPERATION, SupvisorsState.CONCILIATION);

  private volatile InstanceInfo local;
  private volatile ActorRef<HealthWatch.Command> watch;

  public static NodeHealth get(ActorSystem system) {
    return ID.get(system);
  }

  void update(InstanceInfo info) {
    local = info;
  }

  void watchedBy(ActorRef<HealthWatch.Command> watch) {
    this.watch = watch;
  }

  /** The actor that answers the liveness check, once the node has started it. */
  Optional<ActorRef<HealthWatch.Command>> watch() {
    return Optional.ofNullable(watch);
  }

  /**
   * Ready: the local supervisord ticks (the local instance is RUNNING), the local state machine has left the
   * synchronization, and a Master is known.
   */
  public boolean ready() {
    return ready(local);
  }

  static boolean ready(InstanceInfo info) {
    return info != null
        && info.state() == InstanceState.RUNNING
        && SYNCHRONIZED.contains(info.stateModes().fsmState())
        && !info.stateModes().masterIdentifier().isEmpty();
  }

  public static final class Id extends AbstractExtensionId<NodeHealth> implements ExtensionIdProvider {
    @Override
    public NodeHealth createExtension(ExtendedActorSystem system) {
      return new NodeHealth();
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
