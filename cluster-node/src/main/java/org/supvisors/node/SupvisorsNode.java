package org.supvisors.node;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.DispatcherSelector;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Adapter;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import akka.cluster.typed.ClusterSingleton;
import akka.cluster.typed.ClusterSingletonSettings;
import akka.cluster.typed.SingletonActor;
import akka.http.javadsl.server.Route;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.supvisors.http.HttpServer;
import org.supvisors.node.api.ApiRoutes;
import org.supvisors.node.api.NodeService;
import org.supvisors.node.cluster.ClusterFormation;
import org.supvisors.node.cluster.ForeignClusterWatch;
import org.supvisors.node.cluster.HealthWatch;
import org.supvisors.node.cluster.discovery.MulticastDiscovery;
import com.typesafe.config.Config;
import org.supvisors.node.cluster.Peers;
import org.supvisors.node.cluster.Topics;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.context.Context;
import org.supvisors.node.supervisor.LocalProcessEvent;
import org.supvisors.node.supervisor.TransitionNudger;
import org.supvisors.node.fsm.SupvisorsFsm;
import org.supvisors.node.fsm.SyncConditions;
import org.supvisors.node.instance.Instances;
import org.supvisors.node.master.MasterActor;
import org.supvisors.node.master.commander.JobReplica;
import org.supvisors.node.master.commander.Model;
import org.supvisors.node.journal.Journal;
import org.supvisors.node.local.Disabilities;
import org.supvisors.node.local.DowningStop;
import org.supvisors.node.local.ExtraArgs;
import org.supvisors.node.local.LauncherFiles;
import org.supvisors.node.local.LocalCommands;
import org.supvisors.rules.Rules;
import java.util.HashMap;
import java.util.Map;
import org.supvisors.node.supervisor.DriverSettings;
import org.supvisors.node.supervisor.EventListenerIntake;
import org.supvisors.node.supervisor.SupervisorClient;
import org.supvisors.node.supervisor.SupervisorDriver;
import org.supvisors.node.supervisor.XmlRpcSupervisorClient;

/**
 * The guardian of a node: starts the instances table, the local state machine, the Master
 * singleton (hosted by the oldest eligible member), the supervisord driver, Akka Management with
 * Cluster Bootstrap (cluster formation) and the HTTP endpoint. In listener mode it also starts reading supervisord's events on stdin.
 * The actors other nodes talk to (instances table, process model, local commands) are registered
 * with the receptionist here, and the node's change topics are started here.
 */
public final class SupvisorsNode {

  /** stdin/stdout of the supervisord event-listener protocol, when the node runs as a listener. */
  public record ListenerStreams(InputStream in, OutputStream out) {}

  static final String BLOCKING_DISPATCHER = "supvisors.blocking-dispatcher";
  static final String FORWARDING_DISPATCHER = "supvisors.forwarding-dispatcher";

  private SupvisorsNode() {}

  /** @param disabilities loaded by the caller, whose configuration errors stop the node before it starts */
  public static Behavior<Void> create(NodeSettings settings, Disabilities disabilities, ListenerStreams listener) {
    return Behaviors.setup(context -> {
      start(context, settings, disabilities, listener);
      return Behaviors.empty();
    });
  }

  private static void start(
      ActorContext<Void> context, NodeSettings settings, Disabilities disabilities, ListenerStreams listener) {
    String localId = settings.local().identifier();
    Executor blocking = context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(BLOCKING_DISPATCHER));
    SupervisorClient client = new XmlRpcSupervisorClient(
        settings.supervisord().url(), settings.supervisord().username(), settings.supervisord().password(),
        (int) Duration.ofSeconds(5).toMillis(), blocking);

    Topics topics = Topics.start(localId, context::spawn);
    ActorRef<Instances.Command> instances = context.spawn(Instances.create(settings, topics.instances()), Instances.NAME);
    Peers.register(context, Instances.KEY, instances);
    // One resolution of the rules for the process model and the Master's commander.
    Rules rules = RulesSetup.load(settings, context.getLog());
    ActorRef<Context.Command> processes = context.spawn(
        Context.create(localId, rules, instances, topics), Context.NAME);
    Peers.register(context, Context.KEY, processes);
    ExtraArgs extraArgs = new ExtraArgs(LauncherFiles.fromEnvironment());
    ActorRef<LocalProcessEvent> localEvents = context.spawn(Context.localEvents(processes), "local-events");
    ActorRef<SupvisorsFsm.Command> fsm = context.spawn(
        SupvisorsFsm.create(localId, instances, settings.options().synchroOptions(), settings.options().autoFence(),
            settings.options().discoveryMode(), topics.state()),
        "fsm");
    // STRICT counts the listed instances only; LIST counts the discovered ones too (the whole view).
    SyncConditions conditions = new SyncConditions(
        settings.options().synchroOptions(),
        settings.instances().stream().map(i -> i.identifier()).toList(),
        settings.options().coreIdentifiers(),
        Duration.ofSeconds(settings.options().synchroTimeout()));
    ClusterSingletonSettings singletonSettings = ClusterSingletonSettings.create(context.getSystem());
    if (!settings.options().coreIdentifiers().isEmpty()) {
      singletonSettings = singletonSettings.withRole(AkkaConfig.CORE_ROLE);
    }
    Journal.ensureSchema(context.getSystem()).whenComplete((done, failure) -> {
      if (failure != null) {
        context.getSystem().log().error("cannot prepare the journal: {}", failure.toString());
      }
    });
    // Every node holds a replica of the Master's jobs, Master or not.
    JobReplica.startReplicator(context.getSystem());
    MasterActor.Commanding commanding = new MasterActor.Commanding(
        () -> new Model(localId, rules, nodes(settings), settings.tickPeriod()),
        settings.options().conciliationStrategy(), resumeWindow(settings), Journal.MASTER_PERSISTENCE_ID);
    ActorRef<MasterActor.Command> master = ClusterSingleton.get(context.getSystem()).init(
        SingletonActor.of(MasterActor.create(localId, instances, processes, fsm, conditions, commanding), "master")
            .withStopMessage(MasterActor.Stop.INSTANCE)
            .withSettings(singletonSettings));
    fsm.tell(new SupvisorsFsm.UseMaster(master));

    DriverSettings driverSettings = DriverSettings.of(settings, listener != null);
    ActorRef<SupervisorDriver.Command> driver = context.spawn(
        SupervisorDriver.create(client, instances, localEvents, driverSettings, extraArgs::of,
            disabilities::isDisabled),
        "supervisor");
    ActorRef<LocalCommands.Command> localCommands = context.spawn(
        LocalCommands.create(localId, driverSettings.ownNamespec(), client,
            forwardingClient(settings, forwarding(context)), extraArgs, disabilities, driver, blocking),
        LocalCommands.NAME);
    Peers.register(context, LocalCommands.KEY, localCommands);
    DowningStop.register(context.getSystem(), localId, processes, localCommands);
    context.spawn(HealthWatch.create(localId, instances), "health");
    startFormation(context, settings);

    NodeService service = new NodeService(context.getSystem(), settings, instances, fsm, processes, master, localCommands);
    Route routes = ApiRoutes.create(service, forwardingClient(settings, forwarding(context)), settings);
    HttpServer.start(context.getSystem(), settings.bindHost(), settings.nodeHttpPort(), routes)
        .whenComplete((binding, failure) -> {
          if (failure != null) {
            context.getSystem().log().error("cannot serve HTTP on port {}: {}", settings.nodeHttpPort(), failure.getMessage());
            context.getSystem().terminate();
          }
        });

    if (listener != null) {
      ActorRef<TransitionNudger.Command> nudger = context.spawn(TransitionNudger.create(client), "transition-nudger");
      new EventListenerIntake(
          listener.in(), listener.out(),
          event -> {
            driver.tell(new SupervisorDriver.FromListener(event));
            nudger.tell(new TransitionNudger.Observed(event));
          },
          () -> context.getSystem().terminate())
          .start();
    }
  }

  /**
   * Starts Akka Management (membership and health endpoints, and the contact point that other nodes probe) and,
   * unless the configuration lists seed nodes, Cluster Bootstrap, which forms or joins the cluster.
   */
  private static void startFormation(ActorContext<Void> context, NodeSettings settings) {
    akka.actor.ActorSystem classic = Adapter.toClassic(context.getSystem());
    AkkaManagement.get(classic).start().whenComplete((uri, failure) -> {
      if (failure != null) {
        context.getSystem().log().error("cannot start Akka Management: {}", failure.getMessage());
        context.getSystem().terminate();
      }
    });
    if (settings.options().discoveryMode()) {
      // Announce at once, before Bootstrap's first lookup.
      MulticastDiscovery.get(classic);
    }
    if (ClusterFormation.usesSeedNodes(context.getSystem().settings().config())) {
      context.getLog().info("joining the configured seed nodes; Cluster Bootstrap is off");
    } else {
      ClusterBootstrap.get(classic).start();
      Config config = context.getSystem().settings().config();
      context.spawn(ForeignClusterWatch.create(settings.instances(), ClusterFormation.rule(config),
          config.getDuration(ClusterFormation.ROOT + ".foreign-check-period")), "foreign-cluster-watch");
    }
  }

  /**
   * The client that forwards API calls to supervisord: apart from the driver's, because a forwarded
   * {@code startProcess} or {@code stopProcess} with wait lasts as long as the program's startsecs
   * or stopwaitsecs, which the driver's short timeout would cut.
   */
  private static SupervisorClient forwardingClient(NodeSettings settings, Executor forwarding) {
    return new XmlRpcSupervisorClient(
        settings.supervisord().url(), settings.supervisord().username(), settings.supervisord().password(),
        (int) FORWARD_TIMEOUT.toMillis(), forwarding);
  }

  private static Executor forwarding(ActorContext<Void> context) {
    return context.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(FORWARDING_DISPATCHER));
  }

  /**
   * The node of each listed instance, for node loads: instances sharing an IP address share a node. The commander
   * takes those of discovered instances from their profiles.
   */
  private static Map<String, String> nodes(NodeSettings settings) {
    Map<String, String> nodes = new HashMap<>();
    settings.instances().forEach(i -> nodes.put(i.identifier(), i.ipAddress()));
    return nodes;
  }

  /** How old the jobs of the journal may be for a new Master to resume them. */
  private static Duration resumeWindow(NodeSettings settings) {
    String path = "supvisors.master_resume_window";
    return settings.config().hasPath(path) ? settings.config().getDuration(path) : Duration.ofSeconds(60);
  }

  /** Longest forwarded call; the HTTP idle timeout of the node (application.conf) is above it. */
  static final Duration FORWARD_TIMEOUT = Duration.ofMinutes(5);
}
