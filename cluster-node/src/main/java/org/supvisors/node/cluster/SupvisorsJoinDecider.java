package org.supvisors.node.cluster;

import akka.actor.ActorSystem;
import akka.actor.Address;
import akka.cluster.Cluster;
import akka.discovery.ServiceDiscovery.ResolvedTarget;
import akka.dispatch.Futures;
import akka.management.cluster.bootstrap.ClusterBootstrapSettings;
import akka.management.cluster.bootstrap.JoinDecision;
import akka.management.cluster.bootstrap.JoinOtherSeedNodes;
import akka.management.cluster.bootstrap.JoinSelf$;
import akka.management.cluster.bootstrap.KeepProbing$;
import akka.management.cluster.bootstrap.SeedNodesInformation;
import akka.management.cluster.bootstrap.SeedNodesObservation;
import akka.management.cluster.bootstrap.SelfAwareJoinDecider;
import com.typesafe.config.Config;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.node.cluster.discovery.MulticastDiscovery;
import scala.concurrent.Future;

/**
 * Cluster Bootstrap's join decision for Supvisors: join the cluster that any contact point reports; otherwise let
 * only the first answering instance in the manual's election order form a new cluster ({@link FormationRule}).
 * Bootstrap's own {@code LowestAddressJoinDecider} would elect by network address and wait for every contact point,
 * where Supvisors elects by identifier (core instances first) and carries on without the instances that never start.
 * Named in {@code akka.management.cluster.bootstrap.join-decider.class}; Bootstrap creates it once.
 */
public final class SupvisorsJoinDecider extends SelfAwareJoinDecider {

  private static final Logger LOG = LoggerFactory.getLogger(SupvisorsJoinDecider.class);

  private final String self;
  private final FormationRule rule;
  private final ContactPointNames names;
  private final Address selfAddress;
  /** In discovery mode, the instances heard so far stand for supvisors_list. */
  private final Optional<MulticastDiscovery> heard;
  private Set<String> lastAnswering = Set.of();
  private LocalDateTime answeringSince;
  private FormationRule.Decision lastDecision;

  public SupvisorsJoinDecider(ActorSystem system, ClusterBootstrapSettings settings) {
    super(system, settings);
    Config formation = system.settings().config().getConfig(ClusterFormation.ROOT);
    this.self = formation.getString("self");
    this.rule = ClusterFormation.rule(system.settings().config());
    this.heard = formation.getBoolean("discovery-mode") ? Optional.of(MulticastDiscovery.get(system)) : Optional.empty();
    this.names = ContactPointNames.get(system);
    this.selfAddress = Cluster.get(system).selfAddress();
  }

  @Override
  public Future<JoinDecision> decide(SeedNodesInformation info) {
    return Futures.successful(decision(info));
  }

  private JoinDecision decision(SeedNodesInformation info) {
    Set<Address> seeds = new HashSet<>();
    Set<String> answering = new TreeSet<>();
    for (SeedNodesObservation observation : info.getSeedNodesObservations()) {
      observation.getSeedNodes().stream().filter(a -> !a.equals(selfAddress)).forEach(seeds::add);
      identifierOf(observation.contactPoint()).ifPresent(answering::add);
    }
    if (!seeds.isEmpty()) {
      LOG.info("joining the cluster of {}", seeds);
      return new JoinOtherSeedNodes(seeds);
    }
    if (!answering.equals(lastAnswering) || answeringSince == null) {
      lastAnswering = Set.copyOf(answering);
      answeringSince = info.currentTime();
    }
    Duration stableFor = Duration.between(answeringSince, info.currentTime());
    FormationRule.Decision decision = currentRule().decide(self, answering, stableFor);
    if (heard.isPresent() && stableFor.compareTo(rule.stableMargin()) < 0) {
      // The instances heard grow as their nodes start: never form on a picture younger than the stable margin.
      decision = FormationRule.Decision.KEEP_PROBING;
    }
    if (decision != lastDecision) {
      LOG.info("instances answering: {}; {}", answering,
          decision == FormationRule.Decision.JOIN_SELF ? "forming the cluster" : "waiting");
      lastDecision = decision;
    }
    return decision == FormationRule.Decision.JOIN_SELF ? JoinSelf$.MODULE$ : KeepProbing$.MODULE$;
  }

  /** The rule over the listed instances, or over every instance heard so far in discovery mode. */
  private FormationRule currentRule() {
    if (heard.isEmpty() || !rule.listed().isEmpty() && rule.listed().size() > 1) {
      return rule;
    }
    return new FormationRule(new TreeSet<>(heard.get().heard().keySet()), rule.coreIdentifiers(), rule.stableMargin(),
        rule.minorityMargin());
  }

  private Optional<String> identifierOf(ResolvedTarget target) {
    if (target.port().isEmpty()) {
      return Optional.empty();
    }
    return names.identifierAt(target.host(), (Integer) target.port().get());
  }
}
