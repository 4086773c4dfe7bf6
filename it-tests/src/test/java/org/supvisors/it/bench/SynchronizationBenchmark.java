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

/**
 * Synchronization and loss detection of 3 instances on one host, compared with the Supvisors 0.17.4 baseline
 * (bench/supvisors-0.17.4.md, workloads 1 and 3): (a) launch of 3 supervisord+node pairs to OPERATION on every
 * node, (b) kill -9 of a non-Master instance to SILENT on the survivors.
 *
 * <p>Run with {@code mvn -B verify -pl it-tests -am -Pbench}. By default the node's own defaults apply (tick 5 s,
 * inactivity_ticks 2, synchro_options STRICT,TIMEOUT,CORE, synchro_timeout 15), as in the baseline.
 * System properties: {@code bench.runs} (default 5), {@code bench.tick_period} (seconds; unset = node default).
 * The table is printed and written to {@code target/bench/synchronization.md}.
 */
@Tag("benchmark")
class SynchronizationBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @RegisterExtension
    final ClusterExtension clusters = ClusterExtension.perTest();

    @Test
    void synchronizationAndLossDetection() throws IOException {
        ClusterSpec spec = ClusterSpec.of(3)
                .option("tick_period", System.getProperty("bench.tick_period"))
                .option("inactivity_ticks", null)
                .option("synchro_timeout", null);
        Map<String, List<Double>> samples = new LinkedHashMap<>();
        for (int run = 1; run <= RUNS; run++) {
            measureOnce(spec, run, samples);
        }
        String table = table(spec, samples);
        System.out.println(table);
        Path out = Path.of("target", "bench", "synchronization.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private void measureOnce(ClusterSpec spec, int run, Map<String, List<Double>> samples) {
        long launch = System.nanoTime();
        Cluster cluster = clusters.start("bench-sync-" + run, spec);
        List<String> all = cluster.identifiers();

        Map<String, Long> operationAt = firstTimes(all, id -> "OPERATION".equals(cluster.supvisors(id).fsmState()));
        String master = cluster.supvisors(all.get(0)).master();
        add(samples, "launch -> OPERATION on the Master", seconds(operationAt.get(master) - launch));
        add(samples, "launch -> OPERATION on all 3", seconds(max(operationAt) - launch));

        // Vary the kill phase over the tick period, as the baseline did.
        long phaseMillis = spec.tickSeconds() * 1000L * ((run - 1) % 5) / 5;
        if (phaseMillis > 0) {
            sleep(phaseMillis);
        }
        List<String> others = cluster.othersThan(master);
        String victim = others.get(0);
        List<String> survivors = cluster.othersThan(victim);
        long kill = System.nanoTime();
        cluster.kill9(victim);

        Map<String, Long> silentAt = firstTimes(survivors,
                id -> "SILENT".equals(cluster.supvisors(id).instanceState(victim)));
        add(samples, "kill -9 -> SILENT on the Master", seconds(silentAt.get(master) - kill));
        add(samples, "kill -9 -> SILENT on all survivors", seconds(max(silentAt) - kill));
        System.out.printf(Locale.ROOT, "run %d: master %s, victim %s, %s%n", run, master, victim,
                samples.entrySet().stream().map(e -> e.getKey() + " " + fmt(last(e.getValue())))
                        .collect(Collectors.joining(", ")));
        cluster.close();
    }

    /** Polls every id until the condition holds for it; returns, per id, the nanoTime it was first seen true. */
    private static Map<String, Long> firstTimes(List<String> ids, java.util.function.Predicate<String> condition) {
        Map<String, Long> first = new LinkedHashMap<>();
        Await.until("condition on " + ids, TIMEOUT, POLL, () -> {
            for (String id : ids) {
                if (!first.containsKey(id)) {
                    try {
                        if (condition.test(id)) {
                            first.put(id, System.nanoTime());
                        }
                    } catch (RuntimeException e) {
                        // Not answering yet.
                    }
                }
            }
            return first.size();
        }, n -> n == ids.size());
        return first;
    }

    private static String table(ClusterSpec spec, Map<String, List<Double>> samples) {
        Map<String, String> baseline = Map.of(
                "launch -> OPERATION on the Master", "8.83 s (min 5.83, max 11.84, n=10)",
                "launch -> OPERATION on all 3", "12.33 s (min 8.83, max 14.82, n=10)",
                "kill -9 -> SILENT on the Master", "7.53 s (min 5.53, max 14.51, n=5)",
                "kill -9 -> SILENT on all survivors", "7.53 s on a (min 5.53, max 14.51, n=5)");
        StringBuilder s = new StringBuilder();
        s.append("## Synchronization benchmark: 3 instances on 127.0.0.1\n\n");
        s.append("Options: ").append(spec.toString()).append(" (unset = node defaults)\n\n");
        s.append("| Measure | Median | Min | Max | n | Supvisors 0.17.4 median (min, max, n) |\n");
        s.append("|---|---|---|---|---|---|\n");
        samples.forEach((measure, values) -> {
            List<Double> sorted = values.stream().sorted().toList();
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s |%n", measure, fmt(median(sorted)),
                    fmt(sorted.get(0)), fmt(sorted.get(sorted.size() - 1)), sorted.size(),
                    baseline.getOrDefault(measure, "-")));
        });
        return s.toString();
    }

    private static double median(List<Double> sorted) {
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static void add(Map<String, List<Double>> samples, String measure, double value) {
        samples.computeIfAbsent(measure, k -> new ArrayList<>()).add(value);
    }

    private static long max(Map<String, Long> times) {
        return times.values().stream().mapToLong(Long::longValue).max().orElseThrow();
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }

    private static String fmt(double seconds) {
        return String.format(Locale.ROOT, "%.2f s", seconds);
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
