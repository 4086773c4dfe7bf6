package org.supvisors.it.process;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.supvisors.it.harness.XmlRpc;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.SupervisordInstance;
import org.supvisors.it.harness.SupvisorsRpc;

/**
 * Reads of the process model through a node's {@code supvisors.*} status methods (compat/xmlrpc.md §4.3-4.5), and
 * waits on several nodes at once.
 */
final class ModelViews {

    private ModelViews() {
    }

    /** {@code get_process_info(namespec)}: an array, one element for {@code g:p}. */
    static List<Map<String, Object>> processInfo(SupvisorsRpc node, String namespec) {
        return structs(node.rpc().invoke("supvisors.get_process_info", namespec));
    }

    /** The single element of {@code get_process_info(namespec)} for a {@code g:p} namespec. */
    static Map<String, Object> process(SupvisorsRpc node, String namespec) {
        List<Map<String, Object>> infos = processInfo(node, namespec);
        if (infos.size() != 1) {
            throw new AssertionError("get_process_info(" + namespec + ") on " + node.identifier()
                    + ": one element expected, got " + infos);
        }
        return infos.get(0);
    }

    static List<Map<String, Object>> allProcessInfo(SupvisorsRpc node) {
        return structs(node.rpc().invoke("supvisors.get_all_process_info"));
    }

    static List<Map<String, Object>> allApplicationsInfo(SupvisorsRpc node) {
        return structs(node.rpc().invoke("supvisors.get_all_applications_info"));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> applicationInfo(SupvisorsRpc node, String application) {
        return (Map<String, Object>) node.rpc().invoke("supvisors.get_application_info", application);
    }

    static List<Map<String, Object>> conflicts(SupvisorsRpc node) {
        return structs(node.rpc().invoke("supvisors.get_conflicts"));
    }

    /** The entry of {@code namespec} in {@code get_all_process_info}, if any. */
    static Optional<Map<String, Object>> inAllProcessInfo(SupvisorsRpc node, String group, String process) {
        return allProcessInfo(node).stream()
                .filter(p -> group.equals(p.get("application_name")) && process.equals(p.get("process_name")))
                .findFirst();
    }

    /** The identifiers array of a 4.5 process struct. */
    static List<String> identifiers(Map<String, Object> process) {
        Object value = process.get("identifiers");
        if (!(value instanceof Object[] array)) {
            throw new AssertionError("identifiers is not an array: " + process);
        }
        return Arrays.stream(array).map(String.class::cast).toList();
    }

    static String namespec(Map<String, Object> process) {
        Object group = process.get("application_name");
        Object name = process.get("process_name");
        return group.equals(name) ? (String) name : group + ":" + name;
    }

    /** statename RUNNING with exactly the given running identifiers. */
    static Predicate<Map<String, Object>> runningOn(String... ids) {
        return p -> "RUNNING".equals(p.get("statename")) && identifiers(p).equals(List.of(ids));
    }

    /** statename STOPPED, expected, running nowhere. */
    static Predicate<Map<String, Object>> stoppedEverywhere() {
        return p -> "STOPPED".equals(p.get("statename")) && identifiers(p).isEmpty()
                && Boolean.TRUE.equals(p.get("expected_exit"));
    }

    /**
     * Polls {@code probe} on every observer node until {@code ok} accepts every value; returns the values. A node
     * that fails to answer counts as "not yet".
     */
    static <T> Map<String, T> awaitOnEach(String what, Cluster cluster, Collection<String> observers,
                                          Duration timeout, Function<SupvisorsRpc, T> probe, Predicate<T> ok) {
        Map<String, Object> seen = Await.until(what + " as seen by " + observers, timeout, () -> {
            Map<String, Object> values = new LinkedHashMap<>();
            for (String id : observers) {
                try {
                    values.put(id, new Probed<>(probe.apply(cluster.supvisors(id))));
                } catch (RuntimeException e) {
                    values.put(id, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            return values;
        }, values -> values.values().stream().allMatch(v -> v instanceof Probed<?> p && test(ok, p.value)));
        Map<String, T> result = new LinkedHashMap<>();
        seen.forEach((id, v) -> result.put(id, unwrap(v)));
        return result;
    }

    /** Starts a program through {@code supervisorctl} of that instance; fails unless supervisorctl succeeded. */
    static void ctl(SupervisordInstance instance, String... args) {
        SupervisordInstance.CtlResult result = instance.supervisorctl(args);
        if (result.exitCode() != 0 || result.output().contains("ERROR")) {
            throw new AssertionError("supervisorctl " + String.join(" ", args) + " on " + instance.identifier()
                    + " failed (exit " + result.exitCode() + "): " + result.output());
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> boolean test(Predicate<T> ok, Object value) {
        return ok.test((T) value);
    }

    @SuppressWarnings("unchecked")
    private static <T> T unwrap(Object probed) {
        return ((Probed<T>) probed).value;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> structs(Object value) {
        if (!(value instanceof Object[] array)) {
            throw new AssertionError("array expected, got " + value);
        }
        List<Map<String, Object>> result = new ArrayList<>();
        for (Object item : array) {
            result.add((Map<String, Object>) item);
        }
        return result;
    }

    /** A value that was obtained (as opposed to an error text). */
    private record Probed<T>(T value) {
        @Override
        public String toString() {
            return XmlRpc.render(value);
        }
    }
}
