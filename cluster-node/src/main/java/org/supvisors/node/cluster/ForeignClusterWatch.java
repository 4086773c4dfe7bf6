package org.supvisors.node.cluster;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Leave;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.supvisors.node.config.InstanceAddress;

/**
 * Merges two clusters of the same Supvisors system after they have formed apart (a side of a partition that was
 * downed and restarted while the link was still cut, say): Akka never merges clusters by itself.
 *
 * <p>Every check period, a member asks the Akka Management endpoint of each listed instance that is not in its
 * cluster which members that instance's cluster has. When the other cluster wins ({@link #otherWins}: more members,
 * or as many and the first instance in election order), this node leaves its cluster; the node exits and
 * supervisord restarts it, and Cluster Bootstrap then joins it to the winning cluster. A healthy cluster, where every
 * listed instance is a member, sends no request at all.
 */
public final class ForeignClusterWatch {

  public sealed interface Command {}

  private enum Check implements Command { INSTANCE }

  /** The members of the cluster each answering outsider belongs to, as identifiers. */
  private record Heard(List<List<String>> clusters) implements Command {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private final ActorContext<Command> context;
  private final Cluster cluster;
  private final List<InstanceAddress> instances;
  private final FormationRule rule;
  private final Duration period;
  private final HttpClient http;

  private ForeignClusterWatch(ActorContext<Command> context, List<InstanceAddress> instances, FormationRule rule,
      Duration period) {
    this.context = context;
    this.cluster = Cluster.get(context.getSystem());
    this.instances = instances;
    this.rule = rule;
    this.period = period;
    this.http = HttpClient.newBuilder().connectTimeout(period).build();
  }

  public static Behavior<Command> create(List<InstanceAddress> instances, FormationRule rule, Duration period) {
    return Behaviors.setup(context -> Behaviors.withTimers(timers -> {
      timers.startTimerWithFixedDelay(Check.INSTANCE, period);
      return new ForeignClusterWatch(context, instances, rule, period).watching();
    }));
  }

  private Behavior<Command> watching() {
    return Behaviors.receive(Command.class)
        .onMessage(Check.class, check -> onCheck())
        .onMessage(Heard.class, this::onHeard)
        .build();
  }

  private Behavior<Command> onCheck() {
    if (cluster.selfMember().status() != MemberStatus.up()) {
      return Behaviors.same();
    }
    List<String> ours = ourIdentifiers();
    List<CompletableFuture<Optional<List<String>>>> asks = instances.stream()
        .filter(instance -> !ours.contains(instance.identifier()))
        .map(this::membersAt)
        .toList();
    if (!asks.isEmpty()) {
      context.pipeToSelf(CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)),
          (done, failure) -> new Heard(asks.stream().map(CompletableFuture::join).flatMap(Optional::stream).toList()));
    }
    return Behaviors.same();
  }

  private Behavior<Command> onHeard(Heard heard) {
    List<String> ours = ourIdentifiers();
    for (List<String> theirs : heard.clusters()) {
      if (theirs.stream().noneMatch(ours::contains) && otherWins(ours, theirs, rule)) {
        context.getLog().warn("another cluster of this system runs with {}, which outranks this one ({}): leaving "
            + "this cluster to join it", theirs, ours);
        cluster.manager().tell(Leave.create(cluster.selfMember().address()));
        return Behaviors.stopped();
      }
    }
    return Behaviors.same();
  }

  /** The other cluster wins when it has more members, or as many and the first instance in election order. */
  static boolean otherWins(List<String> ours, List<String> theirs, FormationRule rule) {
    if (theirs.size() != ours.size()) {
      return theirs.size() > ours.size();
    }
    Optional<String> bestOurs = ours.stream().min(rule.electionOrder());
    Optional<String> bestTheirs = theirs.stream().min(rule.electionOrder());
    return bestTheirs.isPresent()
        && (bestOurs.isEmpty() || rule.electionOrder().compare(bestTheirs.get(), bestOurs.get()) < 0);
  }

  private List<String> ourIdentifiers() {
    List<String> ours = new ArrayList<>();
    for (Member member : cluster.state().getMembers()) {
      if (member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp()) {
        Members.identifierOf(member).ifPresent(ours::add);
      }
    }
    return ours;
  }

  /** The identifiers of the Up members of the cluster the instance belongs to, if it answers and is a member. */
  private CompletableFuture<Optional<List<String>>> membersAt(InstanceAddress instance) {
    HttpRequest request = HttpRequest.newBuilder(
            URI.create("http://" + instance.hostId() + ":" + instance.managementPort() + "/cluster/members"))
        .timeout(period).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> response.statusCode() == 200 ? parseMembers(response.body()) : Optional.<List<String>>empty())
        .exceptionally(failure -> Optional.empty());
  }

  /** Members Up or WeaklyUp and reachable, by the identifier of their {@code id:} role. */
  static Optional<List<String>> parseMembers(String body) {
    try {
      JsonNode root = JSON.readTree(body);
      List<String> unreachable = StreamSupport.stream(root.path("unreachable").spliterator(), false)
          .map(node -> node.path("node").asText()).toList();
      List<String> identifiers = new ArrayList<>();
      for (JsonNode member : root.path("members")) {
        String status = member.path("status").asText();
        if ((status.equals("Up") || status.equals("WeaklyUp")) && !unreachable.contains(member.path("node").asText())) {
          StreamSupport.stream(member.path("roles").spliterator(), false).map(JsonNode::asText)
              .filter(role -> role.startsWith(Members.ROLE_PREFIX))
              .findFirst()
              .ifPresent(role -> identifiers.add(role.substring(Members.ROLE_PREFIX.length())));
        }
      }
      return identifiers.isEmpty() ? Optional.empty() : Optional.of(identifiers);
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
