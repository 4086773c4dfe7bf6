package org.supvisors.it.discovery;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.discovery.Discovery;
import akka.discovery.Lookup;
import akka.discovery.ServiceDiscovery;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.supvisors.node.cluster.discovery.MulticastDiscovery;
import org.supvisors.node.cluster.discovery.MulticastDiscoveryConfig;

/**
 * A discovery instance on its own, run by {@link MulticastDiscoveryNetnsTest} inside a network namespace: an actor
 * system whose Akka Discovery method is the multicast one, configured by system properties
 * ({@code -Dsupvisors.multicast-discovery.*}). It prints, each time they change, the identifiers it hears
 * ({@code HEARD a,b,c}) and what an Akka Discovery lookup answers ({@code RESOLVED host:port,...}), until it has
 * run for {@code probe.run-for} (default 120 s) or its stdin closes.
 */
public final class MulticastProbe {

    public static final String METHOD = MulticastDiscoveryConfig.METHOD;

    private MulticastProbe() {
    }

    public static void main(String[] args) throws Exception {
        Config config = ConfigFactory.parseString("""
                akka.actor.provider = local
                akka.discovery.method = %s
                akka.discovery.%s.class = "org.supvisors.node.cluster.discovery.MulticastServiceDiscovery"
                akka.coordinated-shutdown.exit-jvm = off
                """.formatted(METHOD, METHOD)).withFallback(ConfigFactory.load());
        Duration runFor = Duration.parse(System.getProperty("probe.run-for", "PT120S"));
        ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "probe", config);
        Thread stdinWatch = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // Only the end of stdin matters: the test closing it asks for a stop.
                }
            } catch (java.io.IOException e) {
                // Same as the end of stdin.
            }
            system.terminate();
        }, "stdin-watch");
        stdinWatch.setDaemon(true);
        stdinWatch.start();
        try {
            ServiceDiscovery discovery = Discovery.get(system).discovery();
            MulticastDiscovery multicast = MulticastDiscovery.get(system);
            System.out.println("STARTED " + multicast.local());
            String lastHeard = "";
            String lastResolved = "";
            long end = System.nanoTime() + runFor.toNanos();
            for (long i = 0; i < runFor.toMillis() / 100 + 1 && System.nanoTime() < end
                    && !system.getWhenTerminated().toCompletableFuture().isDone(); i++) {
                String heard = String.join(",", multicast.heard().keySet());
                if (!heard.equals(lastHeard)) {
                    System.out.println("HEARD " + heard);
                    lastHeard = heard;
                }
                ServiceDiscovery.Resolved resolved = discovery.lookup(Lookup.create("supvisors"),
                        Duration.ofSeconds(1)).toCompletableFuture().get(2, TimeUnit.SECONDS);
                String targets = resolved.getAddresses().stream()
                        .map(t -> t.host() + ":" + t.getPort().orElse("none"))
                        .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
                if (!targets.equals(lastResolved)) {
                    System.out.println("RESOLVED " + targets);
                    lastResolved = targets;
                }
                Thread.sleep(100);
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
