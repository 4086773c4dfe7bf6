package org.supvisors.node.cluster;

import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.TimerScheduler;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.cluster.typed.Join;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.supvisors.node.config.InstanceAddress;

/**
 * Forms or joins the Akka cluster without a fixed first seed node, so that any subset of the
 * {@code supvisors_list} can start in any order (a fixed first seed that never starts would keep
 * the others apart).
 *
 * <p>Every round it asks each other node's HTTP port whether it is a member. It joins a member (or
 * a node that is forming the cluster) as soon as it finds one. When none is, the answering node
 * that comes first in election order (core identifiers first, then the smallest identifier) forms
 * the cluster, after seeing the same answers for a few rounds so that two nodes never form two
 * clusters at once, and once every instance answers or {@link #FORM_WAIT} has passed. Forming
 * first also makes that node the oldest member, hence the host of the
 * Master singleton, as the manual's election would choose.
 */
public final class ClusterJoiner {

  public sealed interface Command {}

  private enum Probe implements Command { INSTANCE }

  private record Probed(Map<String, JoinInfo> answers) implements Command {}

  /** Rounds with the same answers before forming a cluster. */
  static final int STABLE_ROUNDS = 2;

  /**
   * How long a node waits for every instance of supvisors_list to answer before forming the
   * cluster without the missing ones: nodes started together then elect the first of them all.
   */
  static final Duration FORM_WAIT = Duration.ofSeconds(3);

  private final ActorContext<Command> context;
  private final TimerScheduler<Command> timers;
  private final Cluster cluster;
  private final InstanceAddress local;
  private final List<InstanceAddress> peers;
  private final List<String> coreIdentifiers;
  private final Duration interval;
  private final AtomicReference<String> status;
  private final HttpClient http;
  private final ObjectMapper json = new ObjectMapper();
  private String lastAlive = "";
  private int stableRounds;
  private boolean joining;
  private final long started = System.nanoTime();

  /**
   * @param status shared with the join-info route: what this node answers to the others
   */
  public static Behavior<Command> create(
      InstanceAddress local,
      List<InstanceAddress> instances,
      List<String> coreIdentifiers,
      Duration interval,
      AtomicReference<String> status) {
    return Behaviors.setup(
        context ->
            Behaviors.withTimers(
                timers -> new ClusterJoiner(context, timers, local, instances, coreIdentifiers, interval, status).probing()));
  }

  private ClusterJoiner(
      ActorContext<Command> context,
      TimerScheduler<Command> timers,
      InstanceAddress local,
      List<InstanceAddress> instances,
      List<String> coreIdentifiers,
      Duration interval,
      AtomicReference<String> status) {
    this.context = context;
    context.setLoggerName(ClusterJoiner.class);
    this.timers = timers;
    this.cluster = Cluster.get(context.getSystem());
    this.local = local;
    this.peers = instances.stream().filter(i -> !i.identifier().equals(local.identifier())).toList();
    this.coreIdentifiers = List.copyOf(coreIdentifiers);
    this.interval = interval;
    this.status = status;
    this.http = HttpClient.newBuilder().connectTimeout(interval).build();
    context.getSelf().tell(Probe.INSTANCE);
  }

  private Behavior<Command> probing() {
    return Behaviors.receive(Command.class)
        .onMessage(Probe.class, m -> onProbe())
        .onMessage(Probed.class, this::onProbed)
        .build();
  }

  private Behavior<Command> onProbe() {
    if (isMember()) {
      status.set(JoinInfo.MEMBER);
      context.getLog().info("member of the cluster as {}", local.identifier());
      return Behaviors.stopped();
    }
    Map<String, JoinInfo> answers = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    for (InstanceAddress peer : peers) {
      calls.add(ask(peer).thenAccept(info -> info.ifPresent(i -> answers.put(peer.identifier(), i))));
    }
    context.pipeToSelf(
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)),
        (ok, failure) -> new Probed(Map.copyOf(answers)));
    return Behaviors.same();
  }

  private Behavior<Command> onProbed(Probed probed) {
    timers.startSingleTimer(Probe.INSTANCE, interval);
    if (isMember()) {
      return Behaviors.same();
    }
    Optional<JoinInfo> member = pick(probed.answers(), JoinInfo.MEMBER).or(() -> pick(probed.answers(), JoinInfo.FORMING));
    if (member.isPresent()) {
      if (!joining) {
        context.getLog().info("joining the cluster through {}", member.get().identifier());
        joining = true;
      }
      // Joining again is harmless while not yet accepted; it also covers a lost first attempt.
      cluster.manager().tell(Join.create(AddressFromURIString.parse(member.get().address())));
      return Behaviors.same();
    }
    List<String> alive = new ArrayList<>(probed.answers().keySet());
    alive.add(local.identifier());
    alive.sort(electionOrder());
    String key = String.join(",", alive);
    stableRounds = key.equals(lastAlive) ? stableRounds + 1 : 0;
    lastAlive = key;
    boolean everyoneAnswers = probed.answers().size() == peers.size();
    boolean waitedEnough = System.nanoTime() - started >= FORM_WAIT.toNanos();
    if (alive.get(0).equals(local.identifier()) && stableRounds >= STABLE_ROUNDS && !joining
        && (everyoneAnswers || waitedEnough)) {
      context.getLog().info("forming the cluster (answering nodes: {})", alive);
      status.set(JoinInfo.FORMING);
      joining = true;
      Address self = cluster.selfMember().address();
      cluster.manager().tell(Join.create(self));
    }
    return Behaviors.same();
  }

  private Optional<JoinInfo> pick(Map<String, JoinInfo> answers, String wanted) {
    return answers.values().stream()
        .filter(info -> wanted.equals(info.status()))
        .min(Comparator.comparing(JoinInfo::identifier, electionOrder()));
  }

  private Comparator<String> electionOrder() {
    return Comparator.comparing((String id) -> !coreIdentifiers.contains(id)).thenComparing(id -> id);
  }

  private boolean isMember() {
    MemberStatus memberStatus = cluster.selfMember().status();
    return memberStatus == MemberStatus.up() || memberStatus == MemberStatus.weaklyUp();
  }

  private CompletableFuture<Optional<JoinInfo>> ask(InstanceAddress peer) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://" + peer.hostId() + ":" + peer.nodeHttpPort() + JoinInfoRoute.PATH))
            .timeout(interval)
            .GET()
            .build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> response.statusCode() == 200 ? parse(response.body()) : Optional.<JoinInfo>empty())
        .exceptionally(failure -> Optional.empty());
  }

  private Optional<JoinInfo> parse(String body) {
    try {
      JsonNode node = json.readTree(body);
      return Optional.of(new JoinInfo(node.path("identifier").asText(), node.path("address").asText(), node.path("status").asText()));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
