package org.supvisors.it.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Logs;
import org.supvisors.it.harness.NetNamespaces;
import org.supvisors.it.harness.NodeCommand;
import org.supvisors.it.harness.ProcessTree;

/**
 * The multicast discovery over real sockets: three {@link MulticastProbe} JVMs, each on its own host of a
 * {@link NetNamespaces} segment, hear each other's announcements and resolve each other through Akka Discovery; a
 * host cut from the segment is forgotten by the others after the expiry and found again when its link is back.
 * Host 1 joins the group on every interface (multicast_interface unset), the others on their address.
 */
class MulticastDiscoveryNetnsTest {

    private static final String GROUP = "239.0.0.1:61500";
    private static final int MANAGEMENT_PORT = 61004;
    /** Three JVMs starting on a shared 2-core machine. */
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    private record Probe(NetNamespaces.Host host, Process process, Path log) {

        /** The last line of the log starting with {@code prefix}, without it; empty when none. */
        String last(String prefix) {
            try {
                List<String> lines = Files.readAllLines(log);
                for (int i = lines.size() - 1; i >= 0; i--) {
                    if (lines.get(i).startsWith(prefix + " ")) {
                        return lines.get(i).substring(prefix.length() + 1);
                    }
                }
                return "";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void threeInstancesHearEachOtherForgetACutOneAndFindItAgain() {
        try (NetNamespaces net = NetNamespaces.create(3)) {
            List<Probe> probes = new ArrayList<>();
            try {
                for (NetNamespaces.Host host : net.hosts()) {
                    probes.add(start(net, host, host.index() == 1 ? "ANY" : host.address()));
                }
                hearEachOtherThenForgetAndFindACutOne(net, probes);
            } catch (AssertionError | RuntimeException e) {
                probes.forEach(p -> {
                    System.out.println("===== probe on " + p.host().namespace() + " =====");
                    Logs.printTail(p.log(), System.out);
                });
                throw e;
            } finally {
                probes.forEach(MulticastDiscoveryNetnsTest::stop);
            }
        }
    }

    private static void hearEachOtherThenForgetAndFindACutOne(NetNamespaces net, List<Probe> probes) {
        String all = "supv-01,supv-02,supv-03";
        String resolved = targets(net.host(1), net.host(2), net.host(3));
        for (Probe p : probes) {
            awaitLast(p, "HEARD", all, START_TIMEOUT);
            awaitLast(p, "RESOLVED", resolved, CHANGE_TIMEOUT);
        }

        net.cut(net.host(3));
        awaitLast(probes.get(0), "HEARD", "supv-01,supv-02", CHANGE_TIMEOUT);
        awaitLast(probes.get(1), "HEARD", "supv-01,supv-02", CHANGE_TIMEOUT);
        awaitLast(probes.get(1), "RESOLVED", targets(net.host(1), net.host(2)), CHANGE_TIMEOUT);
        awaitLast(probes.get(2), "HEARD", "supv-03", CHANGE_TIMEOUT);

        net.heal(net.host(3));
        for (Probe p : probes) {
            awaitLast(p, "HEARD", all, CHANGE_TIMEOUT);
        }
    }

    /** What a probe prints for these hosts: their management contact points, sorted as text. */
    private static String targets(NetNamespaces.Host... hosts) {
        return java.util.Arrays.stream(hosts).map(h -> h.address() + ":" + MANAGEMENT_PORT).sorted()
                .collect(java.util.stream.Collectors.joining(","));
    }

    private static void awaitLast(Probe p, String prefix, String expected, Duration timeout) {
        Await.until(p.host().namespace() + ": last " + prefix + " = " + expected, timeout,
                () -> p.last(prefix), expected::equals);
    }

    private Probe start(NetNamespaces net, NetNamespaces.Host host, String networkInterface) {
        String id = String.format("supv-%02d", host.index());
        List<String> cmd = new ArrayList<>(List.of(NodeCommand.javaExecutable(), "-Xmx96m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true"));
        String prefix = "-Dsupvisors.multicast-discovery.";
        cmd.add(prefix + "group=" + GROUP);
        cmd.add(prefix + "interface=" + networkInterface);
        cmd.add(prefix + "ttl=1");
        cmd.add(prefix + "announce-interval=200ms");
        cmd.add(prefix + "expiry=1500ms");
        cmd.add(prefix + "identifier=" + id);
        cmd.add(prefix + "host=" + host.address());
        cmd.add(prefix + "http-port=61000");
        cmd.add(prefix + "internal-port=61001");
        cmd.add(prefix + "management-port=" + MANAGEMENT_PORT);
        cmd.add("-Dprobe.run-for=PT180S");
        cmd.add("-cp");
        cmd.add(testClasspath());
        cmd.add(MulticastProbe.class.getName());
        Path log = dir.resolve(id + ".out");
        return new Probe(host, net.start(host, cmd, log), log);
    }

    /** Surefire's real classpath (this module's test classes included: the probe lives there). */
    private static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        return cp;
    }

    private static void stop(Probe p) {
        try {
            p.process().getOutputStream().close();
        } catch (IOException e) {
            // Killed below anyway.
        }
        try {
            if (!p.process().waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                ProcessTree.kill9(p.process().toHandle(), Duration.ofSeconds(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTree.kill9(p.process().toHandle(), Duration.ofSeconds(5));
        }
        ProcessTree.untrack(p.process().toHandle());
    }
}
