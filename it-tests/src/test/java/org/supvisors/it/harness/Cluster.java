package org.supvisors.it.harness;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * N supervisord instances with their nodes on 127.0.0.1 (or each on a host of a {@link NetNamespaces} segment), all
 * declared in one {@code supvisors_list}, or in none ({@link ClusterSpec#withoutList()}, discovery mode).
 *
 * <p>Every process it starts is killed by pid on {@link #close()} (graceful stop first, then SIGKILL to whatever
 * of each process tree remains), and by the {@link ProcessTree} shutdown hook if the JVM exits first.
 * Working directories (configurations and logs) stay under {@code target/it-work} for inspection.
 */
public final class Cluster implements AutoCloseable {

    /** Launch of 3 JVMs on 2 cores plus synchronization. */
    public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final ClusterSpec spec;
    private final Path dir;
    private final Map<String, SupervisordInstance> instances = new LinkedHashMap<>();

    private Cluster(String name, ClusterSpec spec, NetNamespaces net) {
        this.spec = spec;
        this.dir = Path.of(System.getProperty("it.workdir", "target/it-work"))
                .resolve(name + "-" + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet())
                .toAbsolutePath();
        Map<String, Integer> ports = new LinkedHashMap<>();
        spec.identifiers.forEach(id -> ports.put(id, Ports.freeBlock()));
        Map<String, NetNamespaces.Host> hosts = new LinkedHashMap<>();
        if (net != null) {
            if (net.hosts().size() < spec.identifiers.size()) {
                throw new IllegalArgumentException(spec.identifiers.size() + " instances for " + net.hosts().size()
                        + " namespace hosts");
            }
            for (int i = 0; i < spec.identifiers.size(); i++) {
                hosts.put(spec.identifiers.get(i), net.hosts().get(i));
            }
        }
        String supvisorsList = ports.entrySet().stream()
                .map(e -> "<" + e.getKey() + ">" + (net == null ? "127.0.0.1" : hosts.get(e.getKey()).address())
                        + ":" + e.getValue() + ":" + (e.getValue() + 1))
                .collect(Collectors.joining(","));
        ports.forEach((id, port) -> {
            SupervisordInstance.Builder b = SupervisordInstance.builder(id, port, dir.resolve(id))
                    .nodeMode(spec.nodeMode);
            if (spec.listed) {
                b.option("supvisors_list", supvisorsList);
            }
            b.options(spec.options).options(spec.instanceOptions.getOrDefault(id, Map.of()));
            spec.sections.forEach(b::section);
            spec.instanceSections.getOrDefault(id, List.of()).forEach(b::section);
            spec.files.forEach(b::file);
            spec.supervisordOptions.forEach(b::supervisordOption);
            if (net != null) {
                b.netns(hosts.get(id));
            }
            instances.put(id, b.build());
        });
    }

    /**
     * Launches every instance of the spec except the {@code notStarted} ones, concurrently, and waits until each
     * supervisord answers. On failure, prints the logs and kills what was started before rethrowing.
     */
    public static Cluster start(String name, ClusterSpec spec) {
        return start(new Cluster(name, spec, null), spec);
    }

    /**
     * Same as {@link #start(String, ClusterSpec)}, the i-th identifier of the spec running on the i-th host of
     * {@code net} and declared in {@code supvisors_list} at that host's address. The test JVM reaches the instances
     * when {@code net} has a test host link ({@link NetNamespaces#createWithTestHostLink}). For the discovery mode alone,
     * {@link ClusterSpec#withoutList()} writes no list: each node is then at the address its supervisord listens on.
     */
    public static Cluster start(String name, ClusterSpec spec, NetNamespaces net) {
        return start(new Cluster(name, spec, java.util.Objects.requireNonNull(net)), spec);
    }

    private static Cluster start(Cluster cluster, ClusterSpec spec) {
        try {
            List<SupervisordInstance> launched = new ArrayList<>();
            for (SupervisordInstance i : cluster.instances.values()) {
                if (!spec.notStarted.contains(i.identifier())) {
                    i.launch();
                    launched.add(i);
                }
            }
            launched.forEach(SupervisordInstance::awaitReady);
            return cluster;
        } catch (RuntimeException | Error e) {
            cluster.printLogs(System.err);
            cluster.close();
            throw e;
        }
    }

    public ClusterSpec spec() {
        return spec;
    }

    public Path dir() {
        return dir;
    }

    public List<String> identifiers() {
        return spec.identifiers;
    }

    /** The identifiers meant to run (the spec's, minus the ones declared not started). */
    public List<String> expectedUp() {
        return spec.identifiers.stream().filter(id -> !spec.notStarted.contains(id)).toList();
    }

    public SupervisordInstance instance(String id) {
        return Objects.requireNonNull(instances.get(id), () -> "no instance " + id);
    }

    public SupvisorsRpc supvisors(String id) {
        return instance(id).supvisors();
    }

    public List<String> othersThan(String... ids) {
        List<String> excluded = List.of(ids);
        return spec.identifiers.stream().filter(id -> !excluded.contains(id)).toList();
    }

    /** A host crash: SIGKILL to that supervisord and its whole process tree. */
    public void kill9(String id) {
        instance(id).kill9();
    }

    /** Launches an instance (not started yet, or killed) and waits until its supervisord answers. */
    public void launch(String id) {
        instance(id).start();
    }

    /** Launches every instance of {@link #expectedUp()} that is not running (e.g. after a failed test). */
    public void ensureUp() {
        expectedUp().stream().map(this::instance).filter(i -> !i.isAlive()).forEach(SupervisordInstance::start);
    }

    /**
     * Waits until every node of {@code ids} answers OPERATION with one and the same, non-empty Master; returns it.
     */
    public String awaitOperation(Collection<String> ids, Duration timeout) {
        Map<String, Object> seen = Await.until("OPERATION with one Master on " + ids, timeout,
                () -> states(ids),
                states -> states.values().stream().allMatch(s -> s instanceof Map<?, ?> m
                        && "OPERATION".equals(m.get("fsm_statename"))
                        && !"".equals(m.get("master_identifier"))
                        && Objects.equals(m.get("master_identifier"),
                                ((Map<?, ?>) states.values().iterator().next()).get("master_identifier"))));
        return (String) ((Map<?, ?>) seen.values().iterator().next()).get("master_identifier");
    }

    /** Waits until every observer node sees {@code target} in the given instance state. */
    public void awaitInstanceState(Collection<String> observers, String target, String state, Duration timeout) {
        Await.until(target + " " + state + " as seen by " + observers, timeout,
                () -> observers.stream().collect(Collectors.toMap(o -> o, o -> supvisors(o).instanceState(target))),
                seen -> seen.values().stream().allMatch(state::equals));
    }

    /** Waits until every observer node sees all of {@code targets} RUNNING. */
    public void awaitRunning(Collection<String> observers, Collection<String> targets, Duration timeout) {
        Await.until(targets + " RUNNING as seen by " + observers, timeout,
                () -> observers.stream().collect(Collectors.toMap(o -> o, o -> supvisors(o).instanceStates())),
                seen -> seen.values().stream().allMatch(
                        states -> targets.stream().allMatch(t -> "RUNNING".equals(states.get(t)))));
    }

    /** get_supvisors_state of each node, or the error it gave. */
    public Map<String, Object> states(Collection<String> ids) {
        Map<String, Object> states = new LinkedHashMap<>();
        for (String id : ids) {
            try {
                states.put(id, supvisors(id).state());
            } catch (RuntimeException e) {
                states.put(id, e.getMessage());
            }
        }
        return states;
    }

    public String describe() {
        return instances.values().stream()
                .map(i -> i.isAlive() ? i.supvisors().summary() : i.identifier() + "{down}")
                .collect(Collectors.joining("; "));
    }

    public void printLogs(PrintStream out) {
        out.println("##### cluster " + dir + ": " + spec);
        instances.values().forEach(i -> i.printLogs(out));
    }

    /** Stops every instance concurrently (bounded), then kills by pid whatever remains. */
    @Override
    public void close() {
        List<Thread> stoppers = new ArrayList<>();
        for (SupervisordInstance i : instances.values()) {
            Thread t = new Thread(() -> i.stop(STOP_GRACE), "stop-" + i.identifier());
            t.start();
            stoppers.add(t);
        }
        for (Thread t : stoppers) {
            try {
                t.join(STOP_GRACE.plusSeconds(15).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        instances.values().forEach(SupervisordInstance::kill9);
    }

    @Override
    public String toString() {
        return "Cluster" + instances.values();
    }
}
