package org.supvisors.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The namespace segment itself: addressing, reachability, a cut and its healing, cleanup without leftovers. */
class NetNamespacesTest {

    private static final Duration PROBE = Duration.ofSeconds(2);
    private static final Duration HEAL_TIMEOUT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @Test
    void hostsReachEachOtherUntilCutAndAgainWhenHealed() {
        Set<String> hostLinksBefore = hostLinks();
        List<String> names;
        try (NetNamespaces net = NetNamespaces.create(3)) {
            NetNamespaces.Host h1 = net.host(1);
            NetNamespaces.Host h2 = net.host(2);
            NetNamespaces.Host h3 = net.host(3);
            assertEquals(NetNamespaces.DEFAULT_SUBNET + ".11", h1.address());
            assertEquals(List.of("ip", "netns", "exec", h2.namespace()), h2.execPrefix());
            names = net.existingNamespaces();
            assertEquals(4, names.size(), "bridge and 3 hosts: " + names);
            assertEquals(hostLinksBefore, hostLinks(), "nothing created in the test host's namespace");

            NetNamespaces.Result addr = net.exec(h2, PROBE, "ip", "-4", "-o", "addr", "show", "dev", "eth0");
            assertTrue(addr.output().contains(h2.address() + "/24"), addr.output());
            NetNamespaces.Result routes = net.exec(h2, PROBE, "ip", "route", "show", "224.0.0.0/4");
            assertTrue(routes.output().contains("dev eth0"), routes.output());

            assertTrue(net.reaches(h1, h2, PROBE), "h1 -> h2");
            assertTrue(net.reaches(h2, h3, PROBE), "h2 -> h3");
            assertTrue(net.reaches(h3, h1, PROBE), "h3 -> h1");

            net.cut(h2);
            assertFalse(net.reaches(h1, h2, PROBE), "h1 -> h2 once h2 is cut");
            assertFalse(net.reaches(h2, h3, PROBE), "h2 -> h3 once h2 is cut");
            assertTrue(net.reaches(h1, h3, PROBE), "h1 -> h3 unaffected");

            net.heal(h2);
            Await.until("h1 -> h2 after healing", HEAL_TIMEOUT, () -> net.reaches(h1, h2, PROBE));
            // Each path learns again on its own (neighbour entries of the cut port): wait for it too.
            Await.until("h2 -> h3 after healing", HEAL_TIMEOUT, () -> net.reaches(h2, h3, PROBE));
        }
        List<String> all = NetNamespaces.run(List.of("ip", "netns", "list"), PROBE).output().lines()
                .map(l -> l.split("\\s+")[0]).toList();
        for (String name : names) {
            assertFalse(all.contains(name), name + " left behind: " + all);
        }
    }

    @Test
    void closeKillsWhatRunsInsideTheNamespaces() throws Exception {
        Process sleeper;
        NetNamespaces net = NetNamespaces.create(1);
        try {
            Path log = dir.resolve("sleep.out");
            sleeper = net.start(net.host(1), List.of("sleep", "600"), log);
            Await.until("sleep running in the namespace", HEAL_TIMEOUT, () -> net
                    .exec(net.host(1), PROBE, "ip", "netns", "identify", Long.toString(sleeper.pid()))
                    .output().contains(net.host(1).namespace()));
        } finally {
            net.close();
        }
        assertTrue(sleeper.waitFor(10, java.util.concurrent.TimeUnit.SECONDS), "sleep still alive after close");
        assertEquals(List.of(), net.existingNamespaces());
        assertTrue(Files.exists(dir.resolve("sleep.out")));
    }

    @Test
    void theTestHostLinkLetsTheTestJvmReachTheHosts() throws Exception {
        Set<String> hostLinksBefore = hostLinks();
        try (NetNamespaces net = NetNamespaces.createWithTestHostLink(2)) {
            assertEquals(NetNamespaces.DEFAULT_SUBNET + ".1", net.testHostAddress());
            Set<String> added = new TreeSet<>(hostLinks());
            added.removeAll(hostLinksBefore);
            assertEquals(1, added.size(), "one link in the test host's namespace: " + added);
            String link = added.iterator().next();
            NetNamespaces.Result v6 = NetNamespaces.run(List.of("cat", "/proc/sys/net/ipv6/conf/" + link
                    + "/disable_ipv6"), PROBE);
            assertTrue(!v6.ok() || v6.output().strip().equals("1"), "IPv6 off on the test host's link: " + v6);
            NetNamespaces.Result mroute = NetNamespaces.run(List.of("ip", "route", "get", "239.0.0.1"), PROBE);
            assertFalse(mroute.output().contains(link), "no multicast route to the segment: " + mroute.output());

            assertTrue(refusedFromTestJvm(net.host(1).address()), "the test JVM reaches host 1");
            net.cut(net.host(1));
            assertFalse(refusedFromTestJvm(net.host(1).address()), "not once host 1 is cut");
            assertTrue(refusedFromTestJvm(net.host(2).address()), "host 2 still reached");
        }
        assertEquals(hostLinksBefore, hostLinks(), "the test host link is deleted");
    }

    @Test
    void aFailedCreationLeavesNothingBehind() {
        try (NetNamespaces first = NetNamespaces.createWithTestHostLink(1)) {
            Set<String> linksBefore = hostLinks();
            List<String> namespacesBefore = namespaces();
            // The first segment's link already routes the subnet on the test host: the second must refuse it.
            IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                    () -> NetNamespaces.createWithTestHostLink(2));
            assertTrue(e.getMessage().contains("already routes"), e.getMessage());
            assertEquals(linksBefore, hostLinks());
            assertEquals(namespacesBefore, namespaces());
            assertEquals(2, first.existingNamespaces().size(), "the first segment is untouched");
        }
    }

    private static List<String> namespaces() {
        return NetNamespaces.run(List.of("ip", "netns", "list"), PROBE).output().lines()
                .map(l -> l.split("\\s+")[0]).filter(n -> !n.isEmpty()).sorted().toList();
    }

    /** True when a TCP connection to port 9 of {@code address} is refused (reached, nothing listens). */
    private static boolean refusedFromTestJvm(String address) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, 9), (int) PROBE.toMillis());
            return false;
        } catch (java.net.ConnectException e) {
            return e.getMessage() != null && e.getMessage().contains("refused");
        } catch (java.net.SocketTimeoutException | java.net.NoRouteToHostException e) {
            return false;
        }
    }

    /** The links of the test host's own namespace, by name. */
    private static Set<String> hostLinks() {
        Set<String> names = new TreeSet<>();
        for (String line : NetNamespaces.run(List.of("ip", "-o", "link", "show"), PROBE).output().split("\n")) {
            String[] parts = line.split(":\\s+");
            if (parts.length > 1) {
                names.add(parts[1].split("@")[0]);
            }
        }
        return names;
    }
}
