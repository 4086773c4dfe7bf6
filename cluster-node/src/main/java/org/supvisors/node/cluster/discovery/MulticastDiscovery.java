package org.supvisors.node.cluster.discovery;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorSystem;
import akka.actor.CoordinatedShutdown;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;
import akka.actor.typed.javadsl.Adapter;
import akka.Done;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The multicast discovery of a node (Supvisors' discovery mode): created on first use, it announces the local
 * instance on the group and listens to the others until the actor system stops. {@link MulticastServiceDiscovery}
 * answers Akka Discovery lookups from it; the rest of the node reads {@link #heard()} to know the instances that
 * no {@code supvisors_list} declares.
 *
 * <p>Settings: {@code supvisors.multicast-discovery} (see {@link MulticastSettings}). A group that cannot be joined
 * fails the creation with the reason.
 */
public final class MulticastDiscovery implements Extension {

  public static final Id ID = new Id();

  private final MulticastSettings settings;
  private final MulticastAnnouncer announcer;

  private MulticastDiscovery(ExtendedActorSystem system) {
    this.settings = MulticastSettings.fromConfig(system.settings().config());
    MulticastChannel channel;
    try {
      channel = MulticastChannel.open(settings);
    } catch (IOException e) {
      throw new UncheckedIOException("multicast discovery: cannot join " + settings.group()
          + settings.networkInterface().map(a -> " on " + a.getHostAddress()).orElse("") + ": " + e.getMessage(), e);
    }
    this.announcer = new MulticastAnnouncer(settings, channel, System::nanoTime);
    announcer.start();
    // Leaving early lets the others forget this instance while it shuts down.
    CoordinatedShutdown.get(system).addTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "multicast-discovery",
        () -> {
          announcer.close();
          return CompletableFuture.completedFuture(Done.getInstance());
        });
  }

  public static MulticastDiscovery get(ActorSystem system) {
    return ID.get(system);
  }

  public static MulticastDiscovery get(akka.actor.typed.ActorSystem<?> system) {
    return ID.get(Adapter.toClassic(system));
  }

  public MulticastSettings settings() {
    return settings;
  }

  /** The local announcement. */
  public Announcement local() {
    return settings.local();
  }

  /** The instances heard and not expired, by identifier, sorted, the local one included. */
  public Map<String, Announcement> heard() {
    return announcer.live();
  }

  /** Details of the remote instances heard: source address and time (monotonic nanoseconds). */
  public Map<String, HeardAnnouncements.Heard> remotes() {
    return announcer.heard().remotes();
  }

  /** Stops announcing and listening (also done by coordinated shutdown); idempotent. */
  public void stop() {
    announcer.close();
  }

  /** The extension's id: {@code MulticastDiscovery.ID.get(system)}. */
  public static final class Id extends AbstractExtensionId<MulticastDiscovery> implements ExtensionIdProvider {

    private Id() {}

    @Override
    public MulticastDiscovery createExtension(ExtendedActorSystem system) {
      return new MulticastDiscovery(system);
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
