package org.supvisors.it.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;
import org.supvisors.it.harness.CriticalProgram;
import org.supvisors.it.harness.SupvisorsRpc;
import org.supvisors.it.harness.XmlRpc;

/**
 * Failover, compared with the Supvisors 0.17.4 baseline (bench/supvisors-0.17.4.md, workload 3): 3 instances; the
 * managed program {@code failover:critical} (RESTART_PROCESS, startsecs=1, allowed on supv-02 and supv-03, never on
 * the Master supv-01), started once with {@code start_application}, runs on X; kill -9 of X's supervisord with its whole process tree (node included); time until
 * the program is RUNNING on the other instance as seen by supv-01's {@code get_process_info}, and until supv-01
 * declares X SILENT. X is then relaunched and rejoins; the next run kills wherever the program runs then. The kill
 * phase is varied over the tick period, as in the baseline.
 *
 * <p>Run with {@code mvn -B verify -pl it-tests -am -Pbench -Dtest=FailoverBenchmark}. By default the node's own
 * defaults apply (tick 5 s, inactivity_ticks 2, synchro_timeout 15), as in the baseline. System properties:
 * {@code bench.runs} (default 5), {@code bench.tick_period} (seconds; unset = node default). The table is printed
 * and written to {@code target/bench/failover.md}.
 */
@Tag("benchmark")
class FailoverBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final String OBSERVER = "supv-01";
    private static final List<String> HOSTS = List.of("supv-02", "supv-03");
    private static final CriticalProgram PROGRAM = new CriticalProgram("failover", HOSTS);
    private static final String NAMESPEC = PROGRAM.namespec();

    private static final String KILL_TO_RUNNING = "kill -9 X -> critical RUNNING on the other (seen on supv-01)";
    private static final String KILL_TO_SILENT = "kill -9 X -> X SILENT on supv-01";
    private static final String REJOIN = "(info) relaunch X -> all RUNNING + OPERATION";

    @RegisterExtension
    final ClusterExtension clusters = ClusterExtension.perTest();

    @Test
    void restartOfTheProcessOfALostInstanceElsewhere() throws IOException {
        ClusterSpec spec = PROGRAM.addTo(ClusterSpec.of(3)
                .option("tick_period", System.getProperty("bench.tick_period"))
                .option("inactivity_ticks", null)
                .option("synchro_timeout", null));
        Cluster cluster = clusters.start("bench-failover", spec);
        List<String> all = cluster.identifiers();
        SupvisorsRpc observer = cluster.supvisors(OBSERVER);
        XmlRpc control = new XmlRpc(cluster.instance(OBSERVER).nodeRpcUrl(), TIMEOUT);
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        List<String> runs = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            cluster.awaitOperation(all, TIMEOUT);
            if (runningOn(observer) == null) {
                control.invoke("supvisors.start_application", "CONFIG", "failover", true);
            }
            String victim = Await.until(NAMESPEC + " RUNNING on supv-02 or supv-03", TIMEOUT,
                    () -> runningOn(observer), id -> id != null && HOSTS.contains(id));
            String other = HOSTS.stream().filter(id -> !id.equals(victim)).findFirst().orElseThrow();
            String master = observer.master();
            if (victim.equals(master)) {
                throw new AssertionError("the Master " + master + " runs " + NAMESPEC + ": not the measured case");
            }
            // Vary the kill phase over the tick period, as the baseline did.
            long phaseMillis = spec.tickSeconds() * 1000L * ((run - 1) % 5) / 5;
            if (phaseMillis > 0) {
                sleep(phaseMillis);
            }

            long kill = System.nanoTime();
            cluster.kill9(victim);
            long[] silentAt = {0};
            long runningAt = Await.until(NAMESPEC + " RUNNING on " + other, TIMEOUT, POLL, () -> {
                long now = System.nanoTime();
                if (silentAt[0] == 0 && "SILENT".equals(quietly(() -> observer.instanceState(victim)))) {
                    silentAt[0] = now;
                }
                return other.equals(runningOn(observer)) ? now : 0L;
            }, t -> t > 0);
            Await.until(victim + " SILENT on " + OBSERVER, TIMEOUT, POLL, () -> {
                if (silentAt[0] == 0 && "SILENT".equals(quietly(() -> observer.instanceState(victim)))) {
                    silentAt[0] = System.nanoTime();
                }
                return silentAt[0];
            }, t -> t > 0);
            add(samples, KILL_TO_RUNNING, seconds(runningAt - kill));
            add(samples, KILL_TO_SILENT, seconds(silentAt[0] - kill));

            long relaunch = System.nanoTime();
            cluster.launch(victim);
            cluster.awaitRunning(all, all, TIMEOUT);
            cluster.awaitOperation(all, TIMEOUT);
            add(samples, REJOIN, seconds(System.nanoTime() - relaunch));
            String line = String.format(Locale.ROOT, "run %d: master %s, killed %s (phase %d ms): %s", run, master,
                    victim, phaseMillis, samples.entrySet().stream()
                            .map(e -> e.getKey() + " " + Tables.fmt(e.getValue().get(e.getValue().size() - 1)))
                            .collect(Collectors.joining(", ")));
            runs.add(line);
            System.out.println(line);
        }
        String table = Tables.table("Failover benchmark: 3 instances on 127.0.0.1",
                "Options: " + spec + " (unset = node defaults); RESTART_PROCESS program, startsecs=1", samples,
                Map.of(KILL_TO_RUNNING, "8.53 s (min 6.52, max 15.54, n=5)",
                        KILL_TO_SILENT, "7.53 s (min 5.53, max 14.51, n=5)",
                        REJOIN, "14.03 s (min 9.06, max 14.11, n=5)"), runs);
        System.out.println(table);
        Path out = Path.of("target", "bench", "failover.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /** The single instance where the program is RUNNING as the observer sees it, else null. */
    private static String runningOn(SupvisorsRpc observer) {
        Object[] infos = (Object[]) quietly(() -> observer.rpc().invoke("supvisors.get_process_info", NAMESPEC));
        if (infos == null || infos.length != 1) {
            return null;
        }
        Map<?, ?> p = (Map<?, ?>) infos[0];
        Object[] ids = (Object[]) p.get("identifiers");
        return "RUNNING".equals(p.get("statename")) && ids.length == 1 ? (String) ids[0] : null;
    }

    private static <T> T quietly(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static void add(Map<String, List<Double>> samples, String measure, double value) {
        samples.computeIfAbsent(measure, k -> new ArrayList<>()).add(value);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
