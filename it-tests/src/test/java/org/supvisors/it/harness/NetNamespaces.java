package org.supvisors.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * A private Ethernet segment made of Linux network namespaces, for tests that need several hosts with their own
 * addresses (multicast discovery, partitions): a bridge in a namespace of its own, and N host namespaces, each with
 * an {@code eth0} linked to that bridge, an address {@code <subnet>.(10+i)}/24, loopback up and a multicast route
 * (224.0.0.0/4) on {@code eth0}.
 *
 * <p>By default nothing is created in the test host's own namespace: both ends of every veth pair are created inside
 * the test's namespaces, so no traffic (multicast included) ever reaches the host's interfaces; the test talks to
 * the hosts only through commands run inside them. {@link #createWithTestHostLink} adds one veth from the test
 * host's namespace to the bridge, with address {@code <subnet>.1} and IPv6 off, so that the test JVM can call
 * supervisord and the nodes on the hosts' addresses (XML-RPC, HTTP); the hosts have no route beyond the segment and
 * the test host has no multicast route to it, so multicast stays among the hosts.
 *
 * <p>The subnet is {@value #DEFAULT_SUBNET}.0/24, or the {@code it.netns.subnet} system property (three bytes);
 * a test host link is refused when the test host already routes that subnet. Names are unique per JVM and per
 * instance ({@code supv-<pid>-<k>-br}, {@code supv-<pid>-<k>-h<i>}, test host link {@code svg<pid>-<k>});
 * {@link #close} (also run by a shutdown hook) kills what still runs inside the namespaces, by pid, and deletes them
 * (which deletes their links). Namespaces and links of this naming left by a JVM that is no longer alive are
 * deleted at the next creation.
 *
 * <p>Needs root (CAP_SYS_ADMIN and CAP_NET_ADMIN) and iproute2: {@link #assumeAvailable()} skips the test with the
 * reason otherwise.
 */
public final class NetNamespaces implements AutoCloseable {

    /** The first three bytes of the hosts' addresses, unless {@code it.netns.subnet} says otherwise. */
    public static final String DEFAULT_SUBNET = "10.200.0";

    private static final String PREFIX = "supv-";
    private static final Pattern OWN_NAME = Pattern.compile("supv-(\\d+)-(\\d+)-(br|h\\d+|probe)");
    private static final Pattern OWN_LINK = Pattern.compile("svg(\\d+)-(\\d+)");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(20);
    private static final int MAX_HOSTS = 200;
    /** Marks, in the list of what was created, a link of the test host's namespace rather than a namespace. */
    private static final String LINK_MARK = "link:";
    private static final Set<NetNamespaces> OPEN = ConcurrentHashMap.newKeySet();
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static volatile Optional<String> unavailable;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> List.copyOf(OPEN).forEach(NetNamespaces::close),
                "it-netns-cleaner"));
    }

    /** One host of the segment. */
    public record Host(int index, String namespace, String address, String bridgePort) {

        /** The device of the host inside its namespace. */
        public static final String DEVICE = "eth0";

        /** {@code ip netns exec <namespace>}: put it before a command to run that command on this host. */
        public List<String> execPrefix() {
            return List.of("ip", "netns", "exec", namespace);
        }

        /** {@code command} run on this host. */
        public List<String> command(List<String> command) {
            List<String> full = new ArrayList<>(execPrefix());
            full.addAll(command);
            return full;
        }
    }

    /** What a command printed (stdout and stderr together) and its exit code. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    private final String subnet;
    private final String bridge;
    private final String testHostLink;
    private final List<Host> hosts;
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean closed;

    private NetNamespaces(String subnet, long pid, int k, int count, boolean linkTestHost) {
        String run = PREFIX + pid + "-" + k;
        this.subnet = subnet;
        this.bridge = run + "-br";
        this.testHostLink = linkTestHost ? "svg" + pid + "-" + k : null;
        List<Host> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(new Host(i, run + "-h" + i, subnet + "." + (10 + i), "h" + i));
        }
        this.hosts = List.copyOf(list);
    }

    /**
     * Creates the bridge and {@code count} hosts; skips the calling test (JUnit assumption) when namespaces cannot
     * be created here. On failure, whatever was created is deleted before the exception is thrown.
     */
    public static NetNamespaces create(int count) {
        return create(count, false);
    }

    /**
     * Same as {@link #create(int)}, plus a link from the test host's namespace to the bridge ({@link
     * #testHostAddress()}), so that the test JVM reaches the hosts' addresses.
     */
    public static NetNamespaces createWithTestHostLink(int count) {
        return create(count, true);
    }

    private static NetNamespaces create(int count, boolean linkTestHost) {
        if (count < 1 || count > MAX_HOSTS) {
            throw new IllegalArgumentException("hosts expected in [1;" + MAX_HOSTS + "]: " + count);
        }
        assumeAvailable();
        sweepStale();
        String subnet = System.getProperty("it.netns.subnet", DEFAULT_SUBNET).strip();
        if (!subnet.matches("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            throw new IllegalArgumentException("it.netns.subnet: three dotted bytes expected: " + subnet);
        }
        NetNamespaces net = new NetNamespaces(subnet, ProcessHandle.current().pid(), COUNTER.incrementAndGet(),
                count, linkTestHost);
        OPEN.add(net);
        try {
            net.build();
            return net;
        } catch (RuntimeException | Error e) {
            net.close();
            throw e;
        }
    }

    /** Skips the calling test, with the reason, when network namespaces cannot be used. */
    public static void assumeAvailable() {
        Optional<String> reason = unavailableReason();
        Assumptions.assumeTrue(reason.isEmpty(), () -> "network namespaces unavailable: " + reason.orElse(""));
    }

    /** Why network namespaces cannot be used here (not Linux, not root, no iproute2, no permission), if so. */
    public static synchronized Optional<String> unavailableReason() {
        if (unavailable == null) {
            unavailable = probe();
        }
        return unavailable;
    }

    public List<Host> hosts() {
        return hosts;
    }

    /** Host {@code index}, from 1. */
    public Host host(int index) {
        return hosts.get(index - 1);
    }

    public String bridgeNamespace() {
        return bridge;
    }

    /** The test host's address on the segment ({@code <subnet>.1}); only with {@link #createWithTestHostLink}. */
    public String testHostAddress() {
        if (testHostLink == null) {
            throw new IllegalStateException("no test host link: use createWithTestHostLink");
        }
        return subnet + ".1";
    }

    /** Cuts the host's link on the bridge side: the host stays up but can reach nobody, nobody can reach it. */
    public void cut(Host host) {
        must("ip", "-n", bridge, "link", "set", host.bridgePort(), "down");
    }

    /** Restores the link cut by {@link #cut}. */
    public void heal(Host host) {
        must("ip", "-n", bridge, "link", "set", host.bridgePort(), "up");
    }

    /**
     * Whether {@code from} reaches {@code to} at the IP level within {@code timeout}: a TCP connection to a closed
     * port (9, discard) is answered by a reset when the path works, and gets no answer when it is cut. Needs no
     * listener and no ping binary.
     */
    public boolean reaches(Host from, Host to, Duration timeout) {
        String seconds = String.format(Locale.ROOT, "%.1f", Math.max(0.1, timeout.toMillis() / 1000.0));
        Result r = run(from.command(List.of("timeout", seconds, "bash", "-c", ": </dev/tcp/" + to.address() + "/9")),
                timeout.plusSeconds(5));
        return r.output().contains("Connection refused");
    }

    /** Runs {@code command} on {@code host}, bounded by {@code timeout}. */
    public Result exec(Host host, Duration timeout, String... command) {
        return run(host.command(List.of(command)), timeout);
    }

    /**
     * Starts {@code command} on {@code host} with stdout and stderr appended to {@code log}; the process is tracked
     * by {@link ProcessTree} and, being inside the namespace, also killed by {@link #close}.
     */
    public Process start(Host host, List<String> command, Path log) {
        ProcessBuilder pb = new ProcessBuilder(host.command(command)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().remove("SUPERVISOR_ENABLED");
        try {
            Process p = pb.start();
            ProcessTree.track(p.toHandle());
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command + " in " + host.namespace(), e);
        }
    }

    /** The namespaces of this segment that exist now (for checks of the cleanup). */
    public List<String> existingNamespaces() {
        List<String> mine = new ArrayList<>(List.of(bridge));
        hosts.forEach(h -> mine.add(h.namespace()));
        List<String> all = listNamespaces();
        return mine.stream().filter(all::contains).toList();
    }

    /** Kills every process left in the namespaces (by pid), then deletes the namespaces; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> names = new ArrayList<>(created);
        Collections.reverse(names);
        for (String name : names) {
            if (name.startsWith(LINK_MARK)) {
                run(List.of("ip", "link", "del", name.substring(LINK_MARK.length())), COMMAND_TIMEOUT);
            } else {
                delete(name);
            }
        }
        created.clear();
        OPEN.remove(this);
    }

    @Override
    public String toString() {
        return bridge + " " + hosts;
    }

    // -------------------------------------------------------------------------------------------------------------

    private void build() {
        addNamespace(bridge);
        must("ip", "-n", bridge, "link", "add", "name", "br0", "type", "bridge");
        // No IGMP snooping: without a querier on the segment, snooping would make multicast delivery depend on
        // report timing; flooding is what a small test segment needs.
        must("ip", "-n", bridge, "link", "set", "br0", "type", "bridge", "mcast_snooping", "0");
        must("ip", "-n", bridge, "link", "set", "br0", "up");
        for (Host h : hosts) {
            addNamespace(h.namespace());
            must("ip", "-n", bridge, "link", "add", "name", h.bridgePort(), "type", "veth",
                    "peer", "name", Host.DEVICE, "netns", h.namespace());
            must("ip", "-n", bridge, "link", "set", h.bridgePort(), "master", "br0");
            must("ip", "-n", bridge, "link", "set", h.bridgePort(), "up");
            must("ip", "-n", h.namespace(), "link", "set", "lo", "up");
            must("ip", "-n", h.namespace(), "addr", "add", h.address() + "/24", "dev", Host.DEVICE);
            must("ip", "-n", h.namespace(), "link", "set", Host.DEVICE, "up");
            must("ip", "-n", h.namespace(), "route", "add", "224.0.0.0/4", "dev", Host.DEVICE);
        }
        if (testHostLink != null) {
            linkTestHost();
        }
    }

    private void linkTestHost() {
        Result routed = run(List.of("ip", "-4", "route", "show", "match", subnet + ".0/24"), COMMAND_TIMEOUT);
        List<String> conflicts = routed.output().lines().filter(l -> !l.isBlank() && !l.startsWith("default"))
                .toList();
        if (!routed.ok() || !conflicts.isEmpty()) {
            throw new IllegalStateException("the test host already routes " + subnet + ".0/24 (" + conflicts
                    + "): choose another subnet with -Dit.netns.subnet=a.b.c");
        }
        must("ip", "link", "add", "name", testHostLink, "type", "veth", "peer", "name", "gw", "netns", bridge);
        // Deleting the bridge namespace deletes this link with its peer; recorded to be deleted first anyway.
        created.add(LINK_MARK + testHostLink);
        try {
            // No IPv6 on the test host's end: it would send router solicitations and MLD reports on the segment.
            Files.writeString(Path.of("/proc/sys/net/ipv6/conf", testHostLink, "disable_ipv6"), "1");
        } catch (IOException e) {
            // IPv6 is off on this host altogether.
        }
        must("ip", "addr", "add", testHostAddress() + "/24", "dev", testHostLink);
        must("ip", "link", "set", testHostLink, "up");
        must("ip", "-n", bridge, "link", "set", "gw", "master", "br0");
        must("ip", "-n", bridge, "link", "set", "gw", "up");
    }

    private void addNamespace(String name) {
        must("ip", "netns", "add", name);
        created.add(name);
    }

    /** Kills the processes inside (all started by this harness: the namespace is ours), then deletes it. */
    private static void delete(String ns) {
        Result pids = run(List.of("ip", "netns", "pids", ns), COMMAND_TIMEOUT);
        List<ProcessHandle> inside = new ArrayList<>();
        if (pids.ok()) {
            for (String line : pids.output().split("\\s+")) {
                if (line.matches("\\d+")) {
                    ProcessHandle.of(Long.parseLong(line)).ifPresent(inside::add);
                }
            }
        }
        ProcessTree.killAll(inside, Duration.ofSeconds(5));
        Result del = run(List.of("ip", "netns", "del", ns), COMMAND_TIMEOUT);
        if (!del.ok() && listNamespaces().contains(ns)) {
            System.err.println("cannot delete network namespace " + ns + ": " + del.output());
        }
    }

    /** Deletes namespaces of this harness's naming whose creating JVM is gone (a test run killed before cleanup). */
    private static void sweepStale() {
        Result links = run(List.of("ip", "-o", "link", "show"), COMMAND_TIMEOUT);
        for (String line : links.output().split("\n")) {
            String[] parts = line.split(":\\s+");
            String name = parts.length > 1 ? parts[1].split("@")[0] : "";
            Matcher m = OWN_LINK.matcher(name);
            if (m.matches() && !alive(Long.parseLong(m.group(1)))) {
                run(List.of("ip", "link", "del", name), COMMAND_TIMEOUT);
            }
        }
        for (String ns : listNamespaces()) {
            Matcher m = OWN_NAME.matcher(ns);
            if (m.matches()) {
                if (!alive(Long.parseLong(m.group(1)))) {
                    delete(ns);
                }
            }
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static List<String> listNamespaces() {
        Result r = run(List.of("ip", "netns", "list"), COMMAND_TIMEOUT);
        List<String> names = new ArrayList<>();
        for (String line : r.output().split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static Optional<String> probe() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("not Linux (" + System.getProperty("os.name") + ")");
        }
        try {
            String status = Files.readString(Path.of("/proc/self/status"));
            Matcher uid = Pattern.compile("(?m)^Uid:\\s+(\\d+)\\s+(\\d+)").matcher(status);
            if (!uid.find()) {
                return Optional.of("no Uid line in /proc/self/status");
            }
            if (!uid.group(2).equals("0")) {
                return Optional.of("root needed (effective uid " + uid.group(2) + ")");
            }
        } catch (IOException e) {
            return Optional.of("cannot read /proc/self/status: " + e.getMessage());
        }
        Result version = run(List.of("ip", "-V"), COMMAND_TIMEOUT);
        if (!version.ok()) {
            return Optional.of("iproute2 (ip) not usable: " + version.output().strip());
        }
        String name = PREFIX + ProcessHandle.current().pid() + "-0-probe";
        Result add = run(List.of("ip", "netns", "add", name), COMMAND_TIMEOUT);
        if (!add.ok()) {
            return Optional.of("ip netns add refused: " + add.output().strip());
        }
        Result veth = run(List.of("ip", "-n", name, "link", "add", "name", "probe0", "type", "veth",
                "peer", "name", "probe1"), COMMAND_TIMEOUT);
        run(List.of("ip", "netns", "del", name), COMMAND_TIMEOUT);
        if (!veth.ok()) {
            return Optional.of("veth creation refused: " + veth.output().strip());
        }
        return Optional.empty();
    }

    private static void must(String... command) {
        Result r = run(List.of(command), COMMAND_TIMEOUT);
        if (!r.ok()) {
            throw new IllegalStateException(String.join(" ", command) + " failed (" + r.exitCode() + "): "
                    + r.output().strip());
        }
    }

    /** Runs a command to completion (bounded; killed by pid on timeout); exit code -1 when it could not run. */
    static Result run(List<String> command, Duration timeout) {
        Path out = null;
        try {
            out = Files.createTempFile("netns", ".out");
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
            boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                ProcessTree.kill9(p.toHandle(), Duration.ofSeconds(5));
            }
            String text = Files.readString(out, StandardCharsets.UTF_8);
            return new Result(done ? p.exitValue() : -1, done ? text : text + "\n(timed out after " + timeout + ")");
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // A temporary file left behind is harmless.
                }
            }
        }
    }
}
