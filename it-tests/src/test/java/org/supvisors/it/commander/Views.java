package org.supvisors.it.commander;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.supvisors.it.harness.XmlRpc;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.SupervisordInstance;
import org.supvisors.it.harness.SupvisorsRpc;

/**
 * Reads of the status methods of a node (compat/xmlrpc.md §4.3-4.5) and of a supervisord, and waits on several
 * nodes at once. A node that does not answer counts as "not yet".
 */
final class Views {

    /** Supervisor's running states (STOPPING keeps the instance in {@code identifiers} but is not running). */
    static final Set<String> RUNNING_STATES = Set.of("STARTING", "RUNNING", "BACKOFF");

    private Views() {
    }

    /** The single element of {@code get_process_info(namespec)} for a {@code g:p} namespec. */
    static Map<String, Object> process(SupvisorsRpc node, String namespec) {
        List<Map<String, Object>> infos = processes(node, namespec);
        if (infos.size() != 1) {
            throw new AssertionError("get_process_info(" + namespec + ") on " + node.identifier()
                    + ": one element expected, got " + XmlRpc.render(infos));
        }
        return infos.get(0);
    }

    /** {@code get_process_info(namespec)}: every process of the group for {@code g:*}. */
    static List<Map<String, Object>> processes(SupvisorsRpc node, String namespec) {
        return structs(node.rpc().invoke("supvisors.get_process_info", namespec));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> application(SupvisorsRpc node, String name) {
        return (Map<String, Object>) node.rpc().invoke("supvisors.get_application_info", name);
    }

    static List<Map<String, Object>> conflicts(SupvisorsRpc node) {
        return structs(node.rpc().invoke("supvisors.get_conflicts"));
    }

    /**
     * namespec -> {@code "STATE [identifiers]"} for every process of an application ({@code get_process_info(g:*)}),
     * sorted by namespec: one readable picture to compare with an expected one.
     */
    static Map<String, String> picture(SupvisorsRpc node, String application) {
        Map<String, String> picture = new TreeMap<>();
        for (Map<String, Object> p : processes(node, application + ":*")) {
            picture.put(namespec(p), state(p) + " " + identifiers(p));
        }
        return picture;
    }

    /** {@code get_strategies()}: {@code auto-fencing}, {@code starting}, {@code conciliation}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> strategies(SupvisorsRpc node) {
        return (Map<String, Object>) node.rpc().invoke("supvisors.get_strategies");
    }

    /** A value derived from an application's picture, shown with that picture in failure messages. */
    record Seen<T>(T value, Map<String, String> picture) {
        static <T> Seen<T> of(SupvisorsRpc node, String application, Function<SupvisorsRpc, T> derive) {
            return new Seen<>(derive.apply(node), Views.picture(node, application));
        }

        @Override
        public String toString() {
            return value + " from " + picture;
        }
    }

    /** The {@code identifiers} array of a process struct: where it runs. */
    static List<String> identifiers(Map<String, Object> process) {
        Object value = process.get("identifiers");
        if (!(value instanceof Object[] array)) {
            throw new AssertionError("identifiers is not an array: " + XmlRpc.render(process));
        }
        return Arrays.stream(array).map(String.class::cast).toList();
    }

    static String namespec(Map<String, Object> process) {
        Object group = process.get("application_name");
        Object name = process.get("process_name");
        return group.equals(name) ? (String) name : group + ":" + name;
    }

    static String state(Map<String, Object> process) {
        return (String) process.get("statename");
    }

    /** RUNNING with exactly these running identifiers. */
    static Predicate<Map<String, Object>> runningOn(String... ids) {
        return p -> "RUNNING".equals(state(p)) && identifiers(p).equals(List.of(ids));
    }

    /** Running nowhere, in no running state (nor STOPPING). */
    static Predicate<Map<String, Object>> runningNowhere() {
        return p -> identifiers(p).isEmpty() && !RUNNING_STATES.contains(state(p)) && !"STOPPING".equals(state(p));
    }

    /** EXITED with an expected exit code, running nowhere: what a {@code wait_exit} program ends as. */
    static Predicate<Map<String, Object>> exitedAsExpected() {
        return p -> "EXITED".equals(state(p)) && Boolean.TRUE.equals(p.get("expected_exit"))
                && identifiers(p).isEmpty();
    }

    /** An application struct with this state and these failure flags. */
    static Predicate<Map<String, Object>> application(String state, boolean major, boolean minor) {
        return a -> state.equals(a.get("statename")) && Boolean.valueOf(major).equals(a.get("major_failure"))
                && Boolean.valueOf(minor).equals(a.get("minor_failure"));
    }

    static Predicate<Map<String, Object>> applicationIn(String state) {
        return a -> state.equals(a.get("statename"));
    }

    /**
     * Polls {@code probe} on every observer node until {@code ok} accepts every value; returns the values by
     * observer.
     */
    static <T> Map<String, T> awaitOnEach(String what, Cluster cluster, Collection<String> observers,
                                          Duration timeout, Function<SupvisorsRpc, T> probe, Predicate<T> ok) {
        Map<String, Object> seen = Await.until(what + " as seen by " + observers, timeout,
                () -> probeEach(cluster, observers, probe),
                values -> values.values().stream().allMatch(v -> v instanceof Probed<?> p && test(ok, p.value)));
        Map<String, T> result = new LinkedHashMap<>();
        seen.forEach((id, v) -> result.put(id, unwrap(v)));
        return result;
    }

    /** Fails as soon as {@code ok} rejects the value probed on one observer during {@code window}. */
    static <T> void holdsOnEach(String what, Cluster cluster, Collection<String> observers, Duration window,
                                Function<SupvisorsRpc, T> probe, Predicate<T> ok) {
        Await.holds(what + " as seen by " + observers, window, () -> probeEach(cluster, observers, probe),
                values -> values.values().stream().allMatch(v -> v instanceof Probed<?> p && test(ok, p.value)));
    }

    /**
     * Makes sure the application runs whole, whatever started it: waits up to {@code settle} for {@code whole} to
     * hold everywhere, otherwise starts the application (STOPPED) or restarts it (partly running) through
     * {@code via}, then waits again. The tests that use it are about what happens next, not about the deployment.
     */
    static void ensureWhole(Cluster cluster, List<String> observers, String application, String strategy,
                            Commands via, Predicate<SupvisorsRpc> whole) {
        try {
            awaitOnEach(application + " running whole", cluster, observers, Limits.CHANGE, whole::test,
                    Boolean.TRUE::equals);
            return;
        } catch (AssertionError notYet) {
            // Started below.
        }
        String state = (String) application(cluster.supvisors(observers.get(0)), application).get("statename");
        boolean done = "STOPPED".equals(state) ? via.startApplication(strategy, application, true)
                : via.restartApplication(strategy, application, true);
        if (!done) {
            throw new AssertionError("(re)start of " + application + " (" + state + ") through " + via
                    + " answered False");
        }
        awaitOnEach(application + " running whole", cluster, observers, Limits.SEQUENCE, whole::test,
                Boolean.TRUE::equals);
    }

    /** {@code supervisor.getProcessInfo(namespec)} of one supervisord. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> supervisorInfo(SupervisordInstance instance, String namespec) {
        return (Map<String, Object>) instance.supervisor().invoke("supervisor.getProcessInfo", namespec);
    }

    /** The pid of a process in the supervisord of the instance where it runs (0 when not running there). */
    static long pid(SupervisordInstance instance, String namespec) {
        return ((Number) supervisorInfo(instance, namespec).get("pid")).longValue();
    }

    /** The pid of a managed process where the nodes say it runs (exactly one instance). */
    static long pid(Cluster cluster, String observer, String namespec) {
        Map<String, Object> p = process(cluster.supvisors(observer), namespec);
        List<String> ids = identifiers(p);
        if (ids.size() != 1) {
            throw new AssertionError(namespec + " runs on " + ids + ", one instance expected: " + XmlRpc.render(p));
        }
        long pid = pid(cluster.instance(ids.get(0)), namespec);
        if (pid <= 0) {
            throw new AssertionError(namespec + " has no pid on " + ids.get(0));
        }
        return pid;
    }

    /** A crash: SIGKILL to one program's process, found through its own supervisord. */
    static void kill9Process(SupervisordInstance instance, String namespec) {
        long pid = pid(instance, namespec);
        if (pid <= 0) {
            throw new AssertionError(namespec + " is not running on " + instance.identifier());
        }
        ProcessHandle handle = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("no process " + pid));
        if (!handle.destroyForcibly()) {
            throw new AssertionError("SIGKILL to " + pid + " (" + namespec + ") refused");
        }
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> structs(Object value) {
        if (!(value instanceof Object[] array)) {
            throw new AssertionError("array expected, got " + XmlRpc.render(value));
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : array) {
            result.add((Map<String, Object>) item);
        }
        return result;
    }

    private static <T> Map<String, Object> probeEach(Cluster cluster, Collection<String> observers,
                                                     Function<SupvisorsRpc, T> probe) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String id : observers) {
            try {
                values.put(id, new Probed<>(probe.apply(cluster.supvisors(id))));
            } catch (RuntimeException | AssertionError e) {
                values.put(id, e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static <T> boolean test(Predicate<T> ok, Object value) {
        return ok.test((T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T unwrap(Object probed) {
        return ((Probed<T>) probed).value;
    }

    /** A value that was obtained (as opposed to an error text). */
    private record Probed<T>(T value) {
        @Override
        public String toString() {
            return XmlRpc.render(value);
        }
    }
}
