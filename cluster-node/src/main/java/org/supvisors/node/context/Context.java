package org.supvisors.node.context;

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
import akka.cluster.typed.Cluster;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.supvisors.node.cluster.Members;
import org.supvisors.node.cluster.Peers;
import org.supvisors.node.cluster.Topics;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.supervisor.LocalProcessEvent;
import org.supvisors.protocol.ApplicationInfo;
import org.supvisors.protocol.ClusterSerializable;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.LocalProcessInfo;
import org.supvisors.protocol.ProcessState;
import org.supvisors.rules.ProcessRules;
import org.supvisors.rules.Rules;

/**
 * The process model of a node: every process and application of every instance, live. It applies
 * the local supervisord's events and shares them with every other node, and applies theirs in the
 * order of their per-source sequence numbers. A source whose sequence shows a gap, or that was
 * just checked, is asked for a full snapshot; events from a source that is not checked are
 * ignored, and the processes of a lost instance are declared lost (compat behaviour §3.4).
 *
 * <p>One {@link ProcessActor} per process and one {@link ApplicationActor} per application
 * compute the states; this table keeps their latest results so that queries never wait on them,
 * and publishes every change on the node's process and application topics.
 *
 * <p>The other nodes' tables are found through the receptionist ({@link #KEY}); events go to them
 * by direct tells, which keeps each source's order and costs one hop. A table newly listed gets
 * this node's snapshot at once: events sent before it was listed are not lost for long.
 */
public final class Context extends AbstractBehavior<Context.Command> {

  public static final String NAME = "context";

  /** Every node's table registers under this key. */
  public static final ServiceKey<Command> KEY = Peers.key(Command.class, "context");

  public interface Command {}

  /** A message another node's context sends to this one. */
  public interface RemoteCommand extends Command, ClusterSerializable {}

  /** A local event from the driver. */
  public record Local(LocalProcessEvent event) implements Command {}

  /** An event of another node, or the snapshot it sent on request. */
  public record Remote(LocalProcessEvent event) implements RemoteCommand {}

  /** Another node wants a snapshot of this node's processes, sent to {@code replyTo} as a {@link Remote}. */
  public record SnapshotRequest(String requester, ActorRef<Command> replyTo) implements RemoteCommand {}

  public record GetView(ActorRef<ContextView> replyTo) implements Command {}

  /** Receives the list of conflicts each time it changes. */
  public record SubscribeConflicts(ActorRef<Conflicts> subscriber) implements Command {}

  public record Conflicts(List<String> namespecs) {}

  /** Receives every process status now, then each new one (a status without infos: deleted). */
  public record SubscribeProcesses(ActorRef<ProcessStatus> subscriber) implements Command {}

  /**
   * The Master's commander gave up on a process: every node shows {@code state} for it until its
   * next event (compat behaviour §5.2). The Master tells its own node with {@code relay}, which
   * passes it on to the others.
   */
  public record ForceState(String namespec, ProcessState state, String reason, boolean relay)
      implements RemoteCommand {}

  /**
   * Receives the instances whose processes are all known here, each time the set changes: their
   * last snapshot is applied and every resulting status was passed to the subscribers before.
   */
  public record SubscribeKnown(ActorRef<KnownInstances> subscriber) implements Command {}

  public record KnownInstances(Set<String> identifiers) {}

  /** A process actor has applied and reported what a snapshot of {@code source} told it. */
  record Flushed(String source) implements Command {}

  record ProcessChanged(ProcessStatus status) implements Command {}

  record ApplicationChanged(ApplicationInfo info) implements Command {}

  private record InstancesChanged(Instances.View view) implements Command {}

  private record MemberChange(ClusterEvent.MemberEvent event) implements Command {}

  private record PeersListed(Receptionist.Listing listing) implements Command {}

  private record SubscriberStopped(ActorRef<?> subscriber) implements Command {}

  private static final Set<InstanceState> ACCEPTED = EnumSet.of(InstanceState.CHECKED, InstanceState.RUNNING);
  private static final Set<InstanceState> LOST =
      EnumSet.of(InstanceState.SILENT, InstanceState.ISOLATING, InstanceState.ISOLATED);

  /** Where this node stands with the events of one source. */
  private static final class Source {
    long lastSeq;
    boolean synced;
    boolean requested;
    /** Flushes of its snapshots still to come back: its processes are known when none is left. */
    int pendingFlushes;
    boolean known;
    final Set<String> namespecs = new HashSet<>();
  }

  private final String localId;
  /** Re-resolved when an instance or a stereotype is discovered (see {@link Rules#learning}). */
  private Rules rules;
  private final Topics topics;
  private final Cluster cluster;
  private final Map<String, ActorRef<ProcessActor.Command>> processActors = new HashMap<>();
  /** Live processes per application: the application goes with its last process. */
  private final Map<String, Integer> processCount = new HashMap<>();
  /** Processes of managed applications running on several instances, kept per change. */
  private final Set<String> conflicting = new java.util.LinkedHashSet<>();
  private final Map<String, ActorRef<ApplicationActor.Command>> applicationActors = new HashMap<>();
  private final Map<String, ProcessStatus> processes = new LinkedHashMap<>();
  private final Map<String, ApplicationInfo> applications = new LinkedHashMap<>();
  private final Map<String, Source> sources = new HashMap<>();
  private final Peers<Command> peers = new Peers<>(KEY);
  private final Map<String, LocalProcessInfo> localInfos = new LinkedHashMap<>();
  private final Set<ActorRef<Conflicts>> conflictSubscribers = new HashSet<>();
  private final Set<ActorRef<ProcessStatus>> processSubscribers = new HashSet<>();
  private final Set<ActorRef<KnownInstances>> knownSubscribers = new HashSet<>();
  private Map<String, InstanceState> instanceStates = Map.of();
  /** The instances whose processes were declared lost; a detached instance (node away, supervisord alive) is not. */
  private final Set<String> lostInstances = new HashSet<>();
  private List<String> conflicts = List.of();
  private long localSeq;
  private ContextView view;

  /** Adapts the driver's output to this table: the driver only knows {@link LocalProcessEvent}. */
  public static Behavior<LocalProcessEvent> localEvents(ActorRef<Command> context) {
    return Behaviors.receive(LocalProcessEvent.class)
        .onAnyMessage(event -> {
          context.tell(new Local(event));
          return Behaviors.same();
        })
        .build();
  }

  /** @param topics where the changes of processes and applications are published */
  public static Behavior<Command> create(
      String localId, Rules rules, ActorRef<Instances.Command> instances, Topics topics) {
    return Behaviors.setup(context -> new Context(context, localId, rules, instances, topics));
  }

  private Context(
      ActorContext<Command> context, String localId, Rules rules, ActorRef<Instances.Command> instances,
      Topics topics) {
    super(context);
    this.localId = localId;
    this.rules = rules;
    this.topics = topics;
    this.cluster = Cluster.get(context.getSystem());
    instances.tell(new Instances.Subscribe(context.messageAdapter(Instances.View.class, InstancesChanged::new)));
    cluster.subscriptions().tell(akka.cluster.typed.Subscribe.create(
        context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChange::new), ClusterEvent.MemberEvent.class));
    peers.subscribe(context, PeersListed::new);
  }

  @Override
  public Receive<Command> createReceive() {
    return newReceiveBuilder()
        .onMessage(Local.class, this::onLocal)
        .onMessage(Remote.class, this::onRemote)
        .onMessage(SnapshotRequest.class, this::onSnapshotRequest)
        .onMessage(ProcessChanged.class, this::onProcessChanged)
        .onMessage(ApplicationChanged.class, this::onApplicationChanged)
        .onMessage(InstancesChanged.class, this::onInstancesChanged)
        .onMessage(MemberChange.class, this::onMemberChange)
        .onMessage(PeersListed.class, this::onPeersListed)
        .onMessage(SubscriberStopped.class, this::onSubscriberStopped)
        .onMessage(GetView.class, this::onGetView)
        .onMessage(SubscribeConflicts.class, this::onSubscribeConflicts)
        .onMessage(SubscribeProcesses.class, this::onSubscribeProcesses)
        .onMessage(ForceState.class, this::onForceState)
        .onMessage(SubscribeKnown.class, this::onSubscribeKnown)
        .onMessage(Flushed.class, this::onFlushed)
        .build();
  }

  // ---------------------------------------------------------------- events

  private Behavior<Command> onLocal(Local local) {
    LocalProcessEvent event = local.event();
    getContext().getLog().debug("local event {}", event);
    localSeq = event.seq();
    if (event instanceof LocalProcessEvent.Updated updated) {
      localInfos.put(updated.info().namespec(), updated.info());
    } else if (event instanceof LocalProcessEvent.Removed removed) {
      localInfos.remove(removed.namespec());
    } else if (event instanceof LocalProcessEvent.Snapshot snapshot) {
      localInfos.clear();
      snapshot.processes().forEach(info -> localInfos.put(info.namespec(), info));
    }
    apply(source(localId), event);
    tellPeers(new Remote(event));
    return this;
  }

  private Behavior<Command> onRemote(Remote remote) {
    LocalProcessEvent event = remote.event();
    getContext().getLog().debug("event of {}: {}", event.source(), event);
    String id = event.source();
    if (id.equals(localId) || !ACCEPTED.contains(instanceStates.get(id))) {
      return this;
    }
    Source source = source(id);
    if (event instanceof LocalProcessEvent.Snapshot) {
      source.requested = false;
      apply(source, event);
    } else if (!source.synced || event.seq() > source.lastSeq + 1) {
      if (source.synced) {
        getContext().getLog().warn("events of {} missing ({} after {}): asking for a snapshot", id, event.seq(), source.lastSeq);
      }
      source.synced = false;
      requestSnapshot(id, source);
    } else if (event.seq() == source.lastSeq + 1) {
      apply(source, event);
    }
    return this;
  }

  private void apply(Source source, LocalProcessEvent event) {
    double now = System.currentTimeMillis() / 1000.0;
    String id = event.source();
    if (event instanceof LocalProcessEvent.Updated updated) {
      update(source, id, updated.info(), now);
    } else if (event instanceof LocalProcessEvent.Removed removed) {
      remove(source, id, removed.namespec(), now);
    } else if (event instanceof LocalProcessEvent.Snapshot snapshot) {
      Set<String> present = new HashSet<>();
      snapshot.processes().forEach(info -> present.add(info.namespec()));
      for (String namespec : Set.copyOf(source.namespecs)) {
        if (!present.contains(namespec)) {
          remove(source, id, namespec, now);
        }
      }
      snapshot.processes().forEach(info -> update(source, id, info, now));
      source.synced = true;
      // Each process actor answers a flush after the statuses it reported: once every answer is
      // back, the subscribers have seen every process of this source.
      snapshot.processes().forEach(info -> processActors.get(info.namespec()).tell(new ProcessActor.Flush(id)));
      source.pendingFlushes += snapshot.processes().size();
      if (source.pendingFlushes == 0) {
        setKnown(id, source, true);
      }
    }
    source.lastSeq = event.seq();
  }

  private void update(Source source, String id, LocalProcessInfo info, double now) {
    source.namespecs.add(info.namespec());
    processActor(info).tell(new ProcessActor.Apply(id, info, now));
  }

  private void remove(Source source, String id, String namespec, double now) {
    source.namespecs.remove(namespec);
    ActorRef<ProcessActor.Command> actor = processActors.get(namespec);
    if (actor != null) {
      actor.tell(new ProcessActor.Remove(id, now));
    }
  }

  private ActorRef<ProcessActor.Command> processActor(LocalProcessInfo info) {
    return processActors.computeIfAbsent(info.namespec(), namespec -> {
      processCount.merge(info.group(), 1, Integer::sum);
      ProcessRules processRules = rules.programRules(info.group(), info.name(), info.processIndex());
      boolean required = processRules.required() && processRules.startSequence() > 0;
      return getContext().spawn(
          ProcessActor.create(info.group(), info.name(), required, getContext().getSelf(), applicationActor(info.group())),
          "process-" + Members.safeName(namespec));
    });
  }

  private ActorRef<ApplicationActor.Command> applicationActor(String name) {
    return applicationActors.computeIfAbsent(name, n -> getContext().spawn(
        ApplicationActor.create(n, rules.isManaged(n), getContext().getSelf()),
        "application-" + Members.safeName(n)));
  }

  // ---------------------------------------------------------------- results of the children

  private Behavior<Command> onProcessChanged(ProcessChanged changed) {
    ProcessStatus status = changed.status();
    getContext().getLog().debug("process {} now {}", status.namespec(), status.displayedState());
    String namespec = status.namespec();
    if (status.infos().isEmpty()) {
      // Gone from every instance: the process is deleted, as Supvisors does.
      processes.remove(namespec);
      processCount.merge(status.applicationName(), -1, (count, one) -> count + one == 0 ? null : count + one);
      Optional.ofNullable(processActors.remove(namespec)).ifPresent(getContext()::stop);
      topics.processes().tell(Topic.publish(new Topics.ProcessRemoved(namespec)));
    } else {
      processes.put(namespec, status);
      topics.processes().tell(Topic.publish(new Topics.ProcessChanged(status)));
    }
    view = null;
    processSubscribers.forEach(s -> s.tell(status));
    boolean conflict = !status.infos().isEmpty() && status.conflicting() && rules.isManaged(status.applicationName());
    if (conflict ? conflicting.add(namespec) : conflicting.remove(namespec)) {
      conflicts = List.copyOf(conflicting);
      conflictSubscribers.forEach(s -> s.tell(new Conflicts(conflicts)));
    }
    return this;
  }

  private Behavior<Command> onApplicationChanged(ApplicationChanged changed) {
    String name = changed.info().applicationName();
    if (!processCount.containsKey(name)) {
      // Its last process is gone: so is the application.
      applications.remove(name);
      Optional.ofNullable(applicationActors.remove(name)).ifPresent(getContext()::stop);
      topics.applications().tell(Topic.publish(new Topics.ApplicationRemoved(name)));
    } else {
      applications.put(name, changed.info());
      topics.applications().tell(Topic.publish(new Topics.ApplicationChanged(changed.info())));
    }
    view = null;
    return this;
  }

  // ---------------------------------------------------------------- instances and peers

  private Behavior<Command> onInstancesChanged(InstancesChanged changed) {
    Rules learnt = rules.learning(changed.view().directory());
    if (learnt != rules) {
      rules = learnt;
      view = null;
    }
    Map<String, InstanceState> previous = instanceStates;
    Set<String> detached = changed.view().detached();
    Map<String, InstanceState> current = new HashMap<>();
    for (InstanceInfo info : changed.view().instances().values()) {
      current.put(info.identifier(), info.state());
    }
    instanceStates = current;
    double now = System.currentTimeMillis() / 1000.0;
    current.forEach((id, state) -> {
      if (id.equals(localId)) {
        return;
      }
      InstanceState before = previous.get(id);
      // A detached instance is SILENT while its supervisord still runs its processes: they are kept as last known.
      boolean lost = LOST.contains(state) && !detached.contains(id);
      if (!lost) {
        lostInstances.remove(id);
      }
      if (lost && lostInstances.add(id)) {
        Source source = source(id);
        source.synced = false;
        source.requested = false;
        setKnown(id, source, false);
        processActors.values().forEach(actor -> actor.tell(new ProcessActor.Lost(id, now)));
      } else if (ACCEPTED.contains(state) && !ACCEPTED.contains(before)) {
        Source source = source(id);
        source.synced = false;
        // A snapshot asked before a short absence was dropped on arrival (not accepted then): ask again.
        source.requested = false;
        requestSnapshot(id, source);
      }
    });
    return this;
  }

  private void requestSnapshot(String id, Source source) {
    Optional<ActorRef<Command>> peer = peers.get(id);
    if (peer.isPresent() && !source.requested) {
      source.requested = true;
      peer.get().tell(new SnapshotRequest(localId, getContext().getSelf()));
    }
  }

  private Behavior<Command> onSnapshotRequest(SnapshotRequest request) {
    request.replyTo().tell(new Remote(localSnapshot()));
    return this;
  }

  private LocalProcessEvent.Snapshot localSnapshot() {
    return new LocalProcessEvent.Snapshot(localId, localSeq, List.copyOf(localInfos.values()));
  }

  private Behavior<Command> onMemberChange(MemberChange change) {
    peers.memberChanged(change.event().member());
    return resolvePeers();
  }

  private Behavior<Command> onPeersListed(PeersListed listed) {
    peers.listed(listed.listing());
    return resolvePeers();
  }

  /** Listings and membership decide the peers; a new peer (or a new incarnation) is synced both ways. */
  private Behavior<Command> resolvePeers() {
    peers.resolve(cluster.selfMember().address()).added().forEach((id, peer) -> {
      if (id.equals(localId)) {
        return;
      }
      getContext().getLog().debug("process model of {} listed: {}", id, peer);
      if (localSeq > 0) {
        peer.tell(new Remote(localSnapshot()));
      }
      Source source = source(id);
      if (!source.synced && ACCEPTED.contains(instanceStates.get(id))) {
        source.requested = false;
        requestSnapshot(id, source);
      }
    });
    return this;
  }

  private void tellPeers(Command message) {
    peers.all().forEach((id, peer) -> {
      if (!id.equals(localId)) {
        peer.tell(message);
      }
    });
  }

  private Source source(String id) {
    return sources.computeIfAbsent(id, k -> new Source());
  }

  // ---------------------------------------------------------------- queries

  private Behavior<Command> onGetView(GetView get) {
    if (view == null) {
      view = new ContextView(processes, applications, rules);
    }
    get.replyTo().tell(view);
    return this;
  }

  private Behavior<Command> onSubscribeProcesses(SubscribeProcesses subscribe) {
    if (processSubscribers.add(subscribe.subscriber())) {
      watch(subscribe.subscriber());
    }
    processes.values().forEach(status -> subscribe.subscriber().tell(status));
    return this;
  }

  private Behavior<Command> onForceState(ForceState force) {
    ActorRef<ProcessActor.Command> actor = processActors.get(force.namespec());
    if (actor != null) {
      actor.tell(new ProcessActor.Force(force.state(), force.reason()));
    }
    if (force.relay()) {
      tellPeers(new ForceState(force.namespec(), force.state(), force.reason(), false));
    }
    return this;
  }

  private Behavior<Command> onFlushed(Flushed flushed) {
    Source source = source(flushed.source());
    source.pendingFlushes = Math.max(0, source.pendingFlushes - 1);
    if (source.pendingFlushes == 0 && source.synced) {
      setKnown(flushed.source(), source, true);
    }
    return this;
  }

  private void setKnown(String id, Source source, boolean known) {
    if (!known) {
      source.pendingFlushes = 0;
    }
    if (source.known != known) {
      source.known = known;
      KnownInstances message = knownInstances();
      knownSubscribers.forEach(s -> s.tell(message));
    }
  }

  private KnownInstances knownInstances() {
    Set<String> known = new HashSet<>();
    sources.forEach((id, source) -> {
      if (source.known) {
        known.add(id);
      }
    });
    return new KnownInstances(Set.copyOf(known));
  }

  private Behavior<Command> onSubscribeKnown(SubscribeKnown subscribe) {
    if (knownSubscribers.add(subscribe.subscriber())) {
      watch(subscribe.subscriber());
    }
    subscribe.subscriber().tell(knownInstances());
    return this;
  }

  private Behavior<Command> onSubscribeConflicts(SubscribeConflicts subscribe) {
    if (conflictSubscribers.add(subscribe.subscriber())) {
      watch(subscribe.subscriber());
    }
    subscribe.subscriber().tell(new Conflicts(conflicts));
    return this;
  }

  /** A subscriber may be in several sets: one watch, with one message, drops it from all of them. */
  private void watch(ActorRef<?> subscriber) {
    getContext().watchWith(subscriber, new SubscriberStopped(subscriber));
  }

  private Behavior<Command> onSubscriberStopped(SubscriberStopped stopped) {
    conflictSubscribers.remove(stopped.subscriber());
    processSubscribers.remove(stopped.subscriber());
    knownSubscribers.remove(stopped.subscriber());
    return this;
  }
}
