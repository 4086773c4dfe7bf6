package org.supvisors.node.instance;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import akka.actor.typed.pubsub.Topic;
import akka.actor.typed.receptionist.Receptionist;
import akka.actor.typed.receptionist.ServiceKey;
import akka.cluster.ClusterEvent;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.supvisors.node.cluster.InstanceProfile;
import org.supvisors.node.cluster.Members;
import org.supvisors.node.cluster.Peers;
import org.supvisors.node.cluster.Topics;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StateModes;
import org.supvisors.protocol.SupvisorsState;
import org.supvisors.rules.InstanceDirectory;

/**
 * The table of every Supvisors instance known to this node, one {@link InstanceActor} each. It
 * turns cluster membership and reachability into instance events, sends this node's ticks and
 * state-modes to the other nodes, answers their handshakes, and keeps the latest
 * {@link InstanceInfo} of every instance so that queries never wait on the children. Each change
 * goes to the subscribers of {@link Subscribe} (the whole table) and to the node's instances topic.
 *
 * <p>The tables find each other through the receptionist ({@link #KEY}). An instance is checked
 * once its node is an Up member and its table is listed; a newly listed table is greeted with
 * the last tick at once, so that the listing delay after member Up is the only wait.
 */
public final class Instances extends AbstractBehavior<Instances.Command> {

  public static final String NAME = "instances";

  /** Every node's table registers under this key. */
  public static final ServiceKey<Command> KEY = Peers.key(Command.class, "instances");

  public interface Command {}

  /** A message that another node's table sends to this one. */
  public interface RemoteCommand extends Command, ClusterSerializable {}

  /**
   * A tick (supervisord answered) or a state-modes change of the sending instance. {@code table} is the sender's
   * own table: a receiver that has not seen it listed yet can check and answer it at once.
   */
  public record Heartbeat(
      String identifier, int counter, long time, StateModes modes, boolean tick, ActorRef<Command> table)
      implements RemoteCommand {}

  /** Handshake: how does this node see {@code askerIdentifier}, and what are its state-modes? */
  public record CheckInstance(String askerIdentifier, ActorRef<CheckReply> replyTo)
      implements RemoteCommand {}

  public record CheckReply(InstanceState howYouSeeMe, StateModes modes)
      implements ClusterSerializable {}

  /** A successful call to the local supervisord: the node's pulse. */
  public record LocalTick(int counter, long time) implements Command {}

  /** The local Supvisors state machine's declaration, shared with every other node. */
  public record SetLocalModes(StateModes modes) implements Command {}

  /** Entering INITIALIZATION: active instances are checked again. */
  public record ResetForInitialization() implements Command {}

  /** Leaving INITIALIZATION: instances still UNKNOWN are lost. */
  public record InvalidateUnknown(boolean fence) implements Command {}

  /** CHECKED instances become RUNNING. */
  public record ActivateChecked() implements Command {}

  /** Receives the whole table on every change. */
  public record Subscribe(ActorRef<View> subscriber) implements Command {}

  public record GetAll(ActorRef<View> replyTo) implements Command {}

  /**
   * An immutable snapshot of the table: the instances of supvisors_list in its order, then those discovered, in
   * their order of arrival at this node.
   *
   * @param detached the instances whose node is away while their supervisord answers (shown SILENT): their
   *     processes are kept as last known, not lost
   * @param profiles the address and stereotypes of each instance, as far as known: a listed instance shows its
   *     stereotypes once its node is a member
   * @param directory the instances as the rules name them (identifiers in table order, stereotypes), shared by every
   *     view until an instance or a stereotype is learnt
   */
  public record View(Map<String, InstanceInfo> instances, Set<String> detached, Map<String, InstanceProfile> profiles,
      InstanceDirectory directory) {
    public View {
      detached = Set.copyOf(detached);
      profiles = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(profiles));
    }

    public View(Map<String, InstanceInfo> instances, Set<String> detached, Map<String, InstanceProfile> profiles) {
      this(instances, detached, profiles, directoryOf(instances.keySet(), profiles));
    }

    public View(Map<String, InstanceInfo> instances, Set<String> detached) {
      this(instances, detached, Map.of());
    }

    public View(Map<String, InstanceInfo> instances) {
      this(instances, Set.of());
    }

    public Optional<InstanceInfo> get(String identifier) {
      return Optional.ofNullable(instances.get(identifier));
    }

    public boolean isRunning(String identifier) {
      return get(identifier).map(i -> i.state() == InstanceState.RUNNING).orElse(false);
    }


    /** The IP address of an instance's host, if known: instances sharing it share a node (node loads). */
    public Optional<String> ipAddress(String identifier) {
      return Optional.ofNullable(profiles.get(identifier)).map(p -> p.address().ipAddress());
    }
  }

  /** The instances as the rules name them: identifiers in table order, with their stereotypes. */
  static InstanceDirectory directoryOf(java.util.Collection<String> identifiers, Map<String, InstanceProfile> profiles) {
    Map<String, Set<String>> stereotypes = new LinkedHashMap<>();
    profiles.forEach((id, profile) -> stereotypes.put(id, new java.util.LinkedHashSet<>(profile.stereotypes())));
    return new InstanceDirectory(List.copyOf(identifiers), stereotypes);
  }

  record InstanceChanged(InstanceInfo info, boolean detached) implements Command {}

  private record MemberChange(ClusterEvent.MemberEvent event) implements Command {}

  private record ReachabilityChange(ClusterEvent.ReachabilityEvent event) implements Command {}

  private record PeersListed(Receptionist.Listing listing) implements Command {}

  private record SubscriberStopped(ActorRef<View> subscriber) implements Command {}

  private final NodeSettings settings;
  private final String localId;
  private final Cluster cluster;
  private final ActorRef<Topic.Command<Topics.InstanceEvent>> changes;
  private final Map<String, ActorRef<InstanceActor.Command>> children = new LinkedHashMap<>();
  private final Map<String, InstanceInfo> view = new LinkedHashMap<>();
  /** Address and stereotypes of every instance of the table, in table order. */
  private final Map<String, InstanceProfile> profiles = new LinkedHashMap<>();
  /** The table as the rules name it: rebuilt when an instance or a stereotype is learnt, not on every change. */
  private InstanceDirectory directory = InstanceDirectory.of(List.of());
  private final Duration checkTimeout = Duration.ofSeconds(5);
  private final NodeLossSettings nodeLoss;
  private final SupervisordProbe probe;
  private final Peers<Command> peers = new Peers<>(KEY);
  /** The table of each other instance: listed by the receptionist, or heard first in its heartbeats. */
  private final Map<String, ActorRef<Command>> tables = new HashMap<>();
  private final Map<String, Member> members = new HashMap<>();
  /** When each member was seen Up (nanoTime), to log how long its table took to be listed. */
  private final Map<String, Long> upSince = new HashMap<>();
  private final Set<ActorRef<View>> subscribers = new HashSet<>();
  private final Set<String> detached = new HashSet<>();
  private StateModes localModes = StateModes.OFF;
  private Heartbeat lastTick;

  public static Behavior<Command> create(
      NodeSettings settings, ActorRef<Topic.Command<Topics.InstanceEvent>> changes) {
    return Behaviors.setup(context -> new Instances(context, settings, changes));
  }

  private Instances(
      ActorContext<Command> context, NodeSettings settings, ActorRef<Topic.Command<Topics.InstanceEvent>> changes) {
    super(context);
    this.settings = settings;
    this.localId = settings.local().identifier();
    this.cluster = Cluster.get(context.getSystem());
    this.changes = changes;
    this.nodeLoss = NodeLossSettings.of(settings.config());
    this.probe = new HttpSupervisordProbe(nodeLoss.probeTimeout());
    for (InstanceAddress address : settings.instances()) {
      List<String> stereotypes = address.identifier().equals(localId)
          ? List.copyOf(settings.options().stereotypes()) : List.of();
      addInstance(new InstanceProfile(address, stereotypes));
    }
    cluster.subscriptions()
        .tell(akka.cluster.typed.Subscribe.create(
            context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChange::new),
            ClusterEvent.MemberEvent.class));
    cluster.subscriptions()
        .tell(akka.cluster.typed.Subscribe.create(
            context.messageAdapter(ClusterEvent.ReachabilityEvent.class, ReachabilityChange::new),
            ClusterEvent.ReachabilityEvent.class));
    peers.subscribe(context, PeersListed::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(MemberChange.class, this::onMemberChange)
        .onMessage(ReachabilityChange.class, this::onReachabilityChange)
        .onMessage(PeersListed.class, this::onPeersListed)
        .onMessage(SubscriberStopped.class, m -> { subscribers.remove(m.subscriber()); return this; })
        .onMessage(LocalTick.class, this::onLocalTick)
        .onMessage(Heartbeat.class, this::onHeartbeat)
        .onMessage(CheckInstance.class, this::onCheckInstance)
        .onMessage(SetLocalModes.class, this::onSetLocalModes)
        .onMessage(InstanceChanged.class, this::onInstanceChanged)
        .onMessage(ResetForInitialization.class, m -> broadcast(new InstanceActor.Reset()))
        .onMessage(InvalidateUnknown.class, m -> broadcast(new InstanceActor.Invalidate(m.fence())))
        .onMessage(ActivateChecked.class, m -> broadcast(new InstanceActor.Activate()))
        .onMessage(Subscribe.class, this::onSubscribe)
        .onMessage(GetAll.class, this::onGetAll)
        .build();
  }

  private Behavior<Command> onMemberChange(MemberChange change) {
    ClusterEvent.MemberEvent event = change.event();
    peers.memberChanged(event.member());
    learnProfile(event.member());
    Optional<String> identifier = Members.identifierOf(event.member());
    if (identifier.isEmpty() || !children.containsKey(identifier.get())) {
      resolvePeers();
      return this;
    }
    String id = identifier.get();
    MemberStatus status = event.member().status();
    if (status == MemberStatus.up() || status == MemberStatus.weaklyUp()) {
      onMemberUp(id, event.member());
    } else if (event instanceof ClusterEvent.MemberRemoved
        || event instanceof ClusterEvent.MemberDowned
        || event instanceof ClusterEvent.MemberExited) {
      Member known = members.get(id);
      // A newer incarnation may already be Up under the same identifier: ignore the old one leaving.
      if (known != null && known.uniqueAddress().equals(event.member().uniqueAddress())) {
        if (event instanceof ClusterEvent.MemberRemoved) {
          // Kept until now so that the removal that follows a downing is recognized: it is the one that counts.
          members.remove(id);
          tables.remove(id);
          children.get(id).tell(new InstanceActor.MemberRemoved(fence()));
        } else {
          children.get(id).tell(new InstanceActor.MemberLost(fence()));
        }
      }
    }
    resolvePeers();
    return this;
  }

  private void onMemberUp(String id, Member member) {
    Member known = members.get(id);
    if (known != null && known.uniqueAddress().equals(member.uniqueAddress())) {
      return;
    }
    members.put(id, member);
    upSince.put(id, System.nanoTime());
    if (id.equals(localId)) {
      // This node's own table needs no listing.
      children.get(id).tell(new InstanceActor.MemberUp(getContext().getSelf()));
    }
  }

  /** One InstanceActor per instance, in table order. */
  private void addInstance(InstanceProfile profile) {
    InstanceAddress address = profile.address();
    ActorRef<InstanceActor.Command> child = getContext().spawn(
        InstanceActor.create(getContext().getSelf(), address, localId, settings.options().inactivityTicks(),
            checkTimeout, probe, nodeLoss),
        "instance-" + Members.safeName(address.identifier()));
    children.put(address.identifier(), child);
    setProfile(profile);
  }

  private void setProfile(InstanceProfile profile) {
    profiles.put(profile.identifier(), profile);
    directory = directoryOf(children.keySet(), profiles);
  }

  /**
   * An Up member brings its profile: in discovery mode a member of an unknown identifier adds its instance (as
   * Supvisors adds the instances that announce themselves on the multicast group); a known instance shows the
   * stereotypes of its member. Listed addresses are kept as the list gives them.
   */
  private void learnProfile(Member member) {
    MemberStatus status = member.status();
    if (status != MemberStatus.up() && status != MemberStatus.weaklyUp()) {
      return;
    }
    Optional<InstanceProfile> profile = Members.profileOf(member);
    if (profile.isEmpty()) {
      return;
    }
    String id = profile.get().identifier();
    InstanceProfile known = profiles.get(id);
    if (known == null && settings.options().discoveryMode()) {
      getContext().getLog().info("instance {} discovered at {}:{}, stereotypes {}", id,
          profile.get().address().hostId(), profile.get().address().httpPort(), profile.get().stereotypes());
      addInstance(profile.get());
      publish();
    } else if (known == null) {
      getContext().getLog().warn("member {} is instance {}, absent from supvisors_list: ignored (no multicast_group)",
          member.address(), id);
    } else if (!known.stereotypes().equals(profile.get().stereotypes())) {
      setProfile(new InstanceProfile(known.address(), profile.get().stereotypes()));
      publish();
    }
  }

  private Behavior<Command> onPeersListed(PeersListed listed) {
    peers.listed(listed.listing());
    resolvePeers();
    return this;
  }

  /** A table listed for an Up member (new, or a new incarnation) is that instance's peer from now on. */
  private void resolvePeers() {
    Peers.Changes<Command> changes = peers.resolve(cluster.selfMember().address());
    changes.removed().forEach(tables::remove);
    changes.added().forEach((id, peer) -> adopt(id, peer, "listed"));
  }

  /**
   * Makes {@code table} the peer of instance {@code id}, whether listed by the receptionist or heard in a heartbeat
   * (whichever comes first: the other node may list this table before this node lists its own).
   */
  private void adopt(String id, ActorRef<Command> table, String how) {
    if (id.equals(localId) || !children.containsKey(id) || table.equals(tables.get(id))) {
      return;
    }
    tables.put(id, table);
    Long up = upSince.remove(id);
    getContext().getLog().info("instances table of {} {}{}", id, how,
        up == null ? "" : " " + (System.nanoTime() - up) / 1_000_000 + " ms after member Up");
    if (lastTick != null) {
      // Greet the newcomer at once rather than at our next tick: it checks us sooner.
      table.tell(lastTick);
    }
    children.get(id).tell(new InstanceActor.MemberUp(table));
  }

  private Behavior<Command> onReachabilityChange(ReachabilityChange change) {
    Optional<String> identifier = Members.identifierOf(change.event().member());
    if (identifier.isEmpty() || !children.containsKey(identifier.get())) {
      return this;
    }
    if (change.event() instanceof ClusterEvent.UnreachableMember) {
      children.get(identifier.get()).tell(new InstanceActor.MemberLost(fence()));
    } else {
      children.get(identifier.get()).tell(new InstanceActor.MemberReachable());
    }
    return this;
  }

  private Behavior<Command> onLocalTick(LocalTick tick) {
    lastTick = new Heartbeat(localId, tick.counter(), tick.time(), localModes, true, getContext().getSelf());
    boolean fence = fence();
    children.values().forEach(child -> child.tell(new InstanceActor.LocalTick(tick.counter(), fence)));
    children.get(localId).tell(toChild(lastTick));
    tellPeers(lastTick);
    return this;
  }

  private Behavior<Command> onHeartbeat(Heartbeat heartbeat) {
    ActorRef<InstanceActor.Command> child = children.get(heartbeat.identifier());
    Member member = members.get(heartbeat.identifier());
    if (heartbeat.table() != null && member != null
        && member.address().equals(heartbeat.table().path().address())) {
      // The sender's own table, from the Up member at its address: no need to wait for its listing.
      adopt(heartbeat.identifier(), heartbeat.table(), "heard");
    }
    if (child != null) {
      child.tell(toChild(heartbeat));
    }
    return this;
  }

  private Behavior<Command> onCheckInstance(CheckInstance check) {
    InstanceState seen =
        Optional.ofNullable(view.get(check.askerIdentifier()))
            .map(InstanceInfo::state)
            .orElse(InstanceState.UNKNOWN);
    check.replyTo().tell(new CheckReply(seen, localModes));
    return this;
  }

  private Behavior<Command> onSetLocalModes(SetLocalModes message) {
    localModes = message.modes();
    Heartbeat heartbeat =
        new Heartbeat(
            localId,
            lastTick == null ? 0 : lastTick.counter(),
            lastTick == null ? 0 : lastTick.time(),
            localModes,
            false,
            getContext().getSelf());
    if (lastTick != null) {
      lastTick = new Heartbeat(localId, lastTick.counter(), lastTick.time(), localModes, true, getContext().getSelf());
    }
    children.get(localId).tell(toChild(heartbeat));
    tellPeers(heartbeat);
    return this;
  }

  private Behavior<Command> onInstanceChanged(InstanceChanged changed) {
    String id = changed.info().identifier();
    InstanceInfo previous = view.put(id, changed.info());
    boolean detachmentChanged = changed.detached() ? detached.add(id) : detached.remove(id);
    if (!changed.info().equals(previous) || detachmentChanged) {
      publish();
      changes.tell(Topic.publish(new Topics.InstanceChanged(changed.info())));
    }
    return this;
  }

  private Behavior<Command> onSubscribe(Subscribe subscribe) {
    if (subscribers.add(subscribe.subscriber())) {
      getContext().watchWith(subscribe.subscriber(), new SubscriberStopped(subscribe.subscriber()));
    }
    subscribe.subscriber().tell(snapshot());
    return this;
  }

  private Behavior<Command> onGetAll(GetAll get) {
    get.replyTo().tell(snapshot());
    return this;
  }

  private Behavior<Command> broadcast(InstanceActor.Command command) {
    children.values().forEach(child -> child.tell(command));
    return this;
  }

  private void tellPeers(Heartbeat heartbeat) {
    tables.values().forEach(table -> table.tell(heartbeat));
  }

  private void publish() {
    View snapshot = snapshot();
    subscribers.forEach(s -> s.tell(snapshot));
  }

  /** The table in its own order: the children's first reports may arrive in any order. */
  private View snapshot() {
    Map<String, InstanceInfo> ordered = new LinkedHashMap<>();
    children.keySet().forEach(id -> Optional.ofNullable(view.get(id)).ifPresent(info -> ordered.put(id, info)));
    return new View(java.util.Collections.unmodifiableMap(ordered), detached, profiles, directory);
  }

  /** Auto-fencing applies only while the Master drives applications (compat behaviour 3.2). */
  private boolean fence() {
    return settings.options().autoFence()
        && SupvisorsState.WORKING_STATES.contains(masterState());
  }

  private SupvisorsState masterState() {
    String master = localModes.masterIdentifier();
    if (master.isEmpty()) {
      return localModes.fsmState();
    }
    InstanceInfo info = view.get(master);
    return info == null ? localModes.fsmState() : info.stateModes().fsmState();
  }

  private static InstanceActor.Heartbeat toChild(Heartbeat heartbeat) {
    return new InstanceActor.Heartbeat(heartbeat.counter(), heartbeat.time(), heartbeat.modes(), heartbeat.tick());
  }
}
