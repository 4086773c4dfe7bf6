package org.supvisors.it.discovery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Logs;
import org.supvisors.it.harness.NetNamespaces;
import org.supvisors.it.harness.NodeCommand;
import org.supvisors.it.harness.ProcessTree;

/**
 * Akka Cluster Bootstrap over the multicast discovery: three bare cluster members ({@link BootstrapProbe}), each on
 * its own host of a {@link NetNamespaces} segment, declared nowhere, find each other on the multicast group and form
 * one cluster through Akka Management's contact points.
 */
class MulticastBootstrapNetnsTest {

    private static final int ARTERY_PORT = 61001;
    private static final int MANAGEMENT_PORT = 61004;
    /** Three JVMs starting on a shared 2-core machine, then Bootstrap's stable margin. */
    private static final Duration FORM_TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void threeMembersDeclaredNowhereFormOneCluster() {
        try (NetNamespaces net = NetNamespaces.create(3)) {
            List<Process> processes = new ArrayList<>();
            List<Path> logs = new ArrayList<>();
            try {
                for (NetNamespaces.Host host : net.hosts()) {
                    Path log = dir.resolve("member-" + host.index() + ".out");
                    logs.add(log);
                    processes.add(net.start(host, command(host), log));
                }
                String all = net.hosts().stream().map(h -> "akka://probe@" + h.address() + ":" + ARTERY_PORT)
                        .sorted().collect(Collectors.joining(","));
                for (Path log : logs) {
                    Await.until(log.getFileName() + ": 3 members Up", FORM_TIMEOUT, () -> last(log, "MEMBERS"),
                            all::equals);
                }
            } catch (AssertionError | RuntimeException e) {
                logs.forEach(log -> {
                    System.out.println("===== " + log.getFileName() + " =====");
                    Logs.printTail(log, System.out);
                });
                throw e;
            } finally {
                processes.forEach(MulticastBootstrapNetnsTest::stop);
            }
        }
    }

    private static List<String> command(NetNamespaces.Host host) {
        String id = String.format("supv-%02d", host.index());
        String prefix = "-Dsupvisors.multicast-discovery.";
        return List.of(NodeCommand.javaExecutable(), "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.net.preferIPv4Stack=true",
                "-Dprobe.host=" + host.address(),
                "-Dprobe.artery-port=" + ARTERY_PORT,
                "-Dprobe.management-port=" + MANAGEMENT_PORT,
                "-Dprobe.contact-points=3",
                "-Dprobe.run-for=PT240S",
                prefix + "group=239.0.0.1:61500",
                prefix + "interface=" + host.address(),
                prefix + "announce-interval=200ms",
                prefix + "expiry=1500ms",
                prefix + "identifier=" + id,
                prefix + "host=" + host.address(),
                prefix + "http-port=61000",
                "-cp", testClasspath(),
                BootstrapProbe.class.getName());
    }

    /** The last line of the log starting with {@code prefix}, without it; empty when none. */
    private static String last(Path log, String prefix) {
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

    private static String testClasspath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp == null || cp.isBlank() ? System.getProperty("java.class.path") : cp;
    }

    private static void stop(Process p) {
        try {
            p.getOutputStream().close();
            if (!p.waitFor(15, TimeUnit.SECONDS)) {
                ProcessTree.kill9(p.toHandle(), Duration.ofSeconds(5));
            }
        } catch (IOException e) {
            ProcessTree.kill9(p.toHandle(), Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTree.kill9(p.toHandle(), Duration.ofSeconds(5));
        }
        ProcessTree.untrack(p.toHandle());
    }
}
