package org.supvisors.node.cluster;

import akka.actor.Address;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.ClusterEvent;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Down;
import akka.cluster.typed.Subscribe;
import java.time.Duration;

/**
 * Downs a member that stays unreachable for a while. Supvisors lets each side of a lost link carry
 * on without the other; the Akka equivalent is to down the unreachable side, which also lets the
 * Master singleton move when its node is lost. A downed node that is in fact alive stops itself
 * and, run by supervisord, comes back as a new member.
 */
public final class UnreachableDowning {

  public sealed interface Command {}

  private record Reachability(ClusterEvent.ReachabilityEvent event) implements Command {}

  /** @param waited the member stayed unreachable through the longer wait of a minority side */
  private record DownNow(Address address, boolean waited) implements Command {}

  /**
   * How long a node that sees most of the cluster unreachable waits before downing it: it is more
   * likely the one cut off (a node paused while its JVM starts, say), and the majority downs it
   * first; if the others are really gone, it carries on alone after this wait.
   */
  static final Duration MINORITY_WAIT = Duration.ofSeconds(8);

  public static Behavior<Command> create(Duration downAfter) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> {
                  Cluster.get(context.getSystem()).subscriptions().tell(
                      Subscribe.create(
                          context.messageAdapter(ClusterEvent.ReachabilityEvent.class, Reachability::new),
                          ClusterEvent.ReachabilityEvent.class));
                  return behavior(context, timers, downAfter);
                }));
  }

  /** More than half of the members are unreachable from here. */
  static boolean inMinority(Cluster cluster) {
    int members = 0;
    for (Member member : cluster.state().getMembers()) {
      if (member.status() != MemberStatus.down() && member.status() != MemberStatus.removed()) {
        members++;
      }
    }
    return 2 * cluster.state().getUnreachable().size() > members;
  }

  private static Behavior<Command> behavior(
      ActorContext<Command> context, TimerScheduler<Command> timers, Duration downAfter) {
    Cluster cluster = Cluster.get(context.getSystem());
    context.setLoggerName(UnreachableDowning.class);
    return Behaviors.receive(Command.class)
        .onMessage(Reachability.class, m -> {
          Address address = m.event().member().address();
          if (m.event() instanceof ClusterEvent.UnreachableMember) {
            timers.startSingleTimer(address, new DownNow(address, false), downAfter);
          } else {
            timers.cancel(address);
          }
          return Behaviors.same();
        })
        .onMessage(DownNow.class, m -> {
          if (!m.waited() && inMinority(cluster)) {
            context.getLog().warn("member {} unreachable, with most of the cluster: waiting {} s before downing it",
                m.address(), MINORITY_WAIT.toSeconds());
            timers.startSingleTimer(m.address(), new DownNow(m.address(), true), MINORITY_WAIT);
            return Behaviors.same();
          }
          context.getLog().warn("member {} unreachable for {} ms: downing it", m.address(), downAfter.toMillis());
          cluster.manager().tell(new Down(m.address()));
          return Behaviors.same();
        })
        .build();
  }
}
