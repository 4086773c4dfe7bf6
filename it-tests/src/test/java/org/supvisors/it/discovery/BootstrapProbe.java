package org.supvisors.it.discovery;

import akka.actor.typed.ActorSystem;
import akka.actor.typed.javadsl.Behaviors;
import akka.cluster.Member;
import akka.cluster.MemberStatus;
import akka.cluster.typed.Cluster;
import akka.management.cluster.bootstrap.ClusterBootstrap;
import akka.management.javadsl.AkkaManagement;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.supvisors.node.cluster.discovery.MulticastDiscovery;

/**
 * A bare cluster member formed by Akka Management's Cluster Bootstrap over the multicast discovery method, run by
 * {@link MulticastBootstrapNetnsTest} inside a network namespace (no Supvisors node: the discovery alone). Settings
 * come from system properties: {@code probe.host} (Artery and Management hostname), {@code probe.artery-port},
 * {@code probe.management-port}, {@code probe.contact-points} (required-contact-point-nr) and the
 * {@code supvisors.multicast-discovery.*} keys. It prints the Up members ({@code MEMBERS address,...}) each time
 * they change, until {@code probe.run-for} has passed or its stdin closes.
 */
public final class BootstrapProbe {

    private BootstrapProbe() {
    }

    public static void main(String[] args) throws Exception {
        String host = System.getProperty("probe.host");
        Config config = ConfigFactory.parseString("""
                akka.actor.provider = cluster
                akka.remote.artery.canonical.hostname = "%1$s"
                akka.remote.artery.canonical.port = %2$s
                akka.management.http.hostname = "%1$s"
                akka.management.http.port = %3$s
                akka.discovery.method = %4$s
                akka.discovery.%4$s.class = "org.supvisors.node.cluster.discovery.MulticastServiceDiscovery"
                akka.management.cluster.bootstrap.contact-point-discovery {
                  service-name = supvisors
                  required-contact-point-nr = %5$s
                  interval = 500ms
                  stable-margin = 2s
                }
                akka.management.cluster.bootstrap.contact-point.probe-interval = 500ms
                akka.coordinated-shutdown.exit-jvm = off
                akka.loglevel = INFO
                """.formatted(host, System.getProperty("probe.artery-port"),
                System.getProperty("probe.management-port"), MulticastProbe.METHOD,
                System.getProperty("probe.contact-points", "3")))
                .withFallback(ConfigFactory.systemProperties())
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
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
            MulticastDiscovery.get(system);
            AkkaManagement.get(system).start().toCompletableFuture().get(30, TimeUnit.SECONDS);
            ClusterBootstrap.get(system).start();
            System.out.println("STARTED " + host);
            String last = "";
            long end = System.nanoTime() + runFor.toNanos();
            for (long i = 0; i < runFor.toMillis() / 100 + 1 && System.nanoTime() < end
                    && !system.getWhenTerminated().toCompletableFuture().isDone(); i++) {
                String members = StreamSupport.stream(Cluster.get(system).state().getMembers().spliterator(), false)
                        .filter(m -> m.status() == MemberStatus.up())
                        .map(Member::address).map(Object::toString)
                        .collect(Collectors.toCollection(TreeSet::new)).stream().collect(Collectors.joining(","));
                if (!members.equals(last)) {
                    System.out.println("MEMBERS " + members);
                    last = members;
                }
                Thread.sleep(100);
            }
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
