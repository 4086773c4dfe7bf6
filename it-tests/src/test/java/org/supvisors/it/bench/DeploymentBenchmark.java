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
import org.supvisors.it.harness.XmlRpc;

/**
 * Deployment of one application, compared with the Supvisors 0.17.4 baseline (bench/supvisors-0.17.4.md, workload
 * 2, warm): {@code bench}, 30 programs ({@code sleep}, startsecs=1) in 3 start_sequence stages of 10, over 3
 * instances (10 each, every program defined on one instance only). Each run times
 * {@code start_application('CONFIG', 'bench', True)}, {@code stop_application('bench', True)}, and
 * {@code start_application(wait=False)} until all 30 are RUNNING as supv-01 sees them (20 ms polls), then stops
 * again.
 *
 * <p>Run with {@code mvn -B verify -pl it-tests -am -Pbench -Dtest=DeploymentBenchmark}. By default the node's own
 * defaults apply (tick 5 s), as in the baseline. System properties: {@code bench.runs} (default 5),
 * {@code bench.tick_period} (seconds; unset = node default). The table is printed and written to
 * {@code target/bench/deployment.md}.
 */
@Tag("benchmark")
class DeploymentBenchmark {

    private static final int RUNS = Integer.getInteger("bench.runs", 5);
    private static final int STAGES = 3;
    private static final int PROCESSES = 30;
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final Duration POLL = Duration.ofMillis(20);
    /** A view catching up with the end of a call (not part of the measure). */
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final String OBSERVER = "supv-01";

    private static final String RULES = """
            <?xml version="1.0" encoding="UTF-8"?>
            <root>
              <application name="bench">
                <programs>
                  <program pattern="^s1_">
                    <start_sequence>1</start_sequence>
                  </program>
                  <program pattern="^s2_">
                    <start_sequence>2</start_sequence>
                  </program>
                  <program pattern="^s3_">
                    <start_sequence>3</start_sequence>
                  </program>
                </programs>
              </application>
            </root>
            """;

    private static final String START_WAIT = "start_application('CONFIG','bench',True) duration";
    private static final String START_NOWAIT = "start_application(wait=False) -> all 30 RUNNING (20 ms poll)";
    private static final String STOP_WAIT = "stop_application('bench',True) duration";

    @RegisterExtension
    final ClusterExtension clusters = ClusterExtension.perTest();

    @Test
    void startAndStopOfA30ProgramApplication() throws IOException {
        ClusterSpec spec = ClusterSpec.of(3)
                .option("tick_period", System.getProperty("bench.tick_period"))
                .option("inactivity_ticks", null)
                .option("synchro_timeout", null)
                .option("rules_files", "rules.xml")
                .file("rules.xml", RULES);
        for (int i = 1; i <= 3; i++) {
            spec = spec.sectionFor(String.format("supv-%02d", i), programs(i));
        }
        Cluster cluster = clusters.start("bench-deployment", spec);
        List<String> all = cluster.identifiers();
        cluster.awaitOperation(all, TIMEOUT);
        cluster.awaitRunning(all, all, TIMEOUT);
        XmlRpc control = new XmlRpc(cluster.instance(OBSERVER).nodeRpcUrl(), TIMEOUT);
        XmlRpc status = cluster.supvisors(OBSERVER).rpc();
        Await.until("the 30 bench processes known, stopped", TIMEOUT, () -> running(status), n -> n == 0);

        Map<String, List<Double>> samples = new LinkedHashMap<>();
        List<String> runs = new ArrayList<>();
        for (int run = 1; run <= RUNS; run++) {
            long t0 = System.nanoTime();
            expectTrue(control.invoke("supvisors.start_application", "CONFIG", "bench", true), "start (wait)");
            add(samples, START_WAIT, seconds(System.nanoTime() - t0));
            Await.until("all 30 RUNNING after start_application(wait=True)", SETTLE, () -> running(status),
                    n -> n == PROCESSES);

            t0 = System.nanoTime();
            expectTrue(control.invoke("supvisors.stop_application", "bench", true), "stop (wait)");
            add(samples, STOP_WAIT, seconds(System.nanoTime() - t0));
            Await.until("nothing running after stop_application(wait=True)", SETTLE, () -> running(status),
                    n -> n == 0);

            t0 = System.nanoTime();
            control.invoke("supvisors.start_application", "CONFIG", "bench", false);
            long allRunning = Await.until("all 30 RUNNING", TIMEOUT, POLL,
                    () -> running(status) == PROCESSES ? System.nanoTime() : 0L, t -> t > 0);
            add(samples, START_NOWAIT, seconds(allRunning - t0));
            Await.until("the start job over", TIMEOUT, POLL, () -> startingJobs(status), jobs -> jobs == 0);
            t0 = System.nanoTime();
            expectTrue(control.invoke("supvisors.stop_application", "bench", true), "stop (wait)");
            add(samples, STOP_WAIT, seconds(System.nanoTime() - t0));

            String line = String.format(Locale.ROOT, "run %d: %s", run, samples.entrySet().stream()
                    .map(e -> e.getKey() + " " + Tables.fmt(e.getValue().get(e.getValue().size() - 1)))
                    .collect(Collectors.joining(", ")));
            runs.add(line);
            System.out.println(line);
        }
        String table = Tables.table("Deployment benchmark: 30 programs, 3 stages, 3 instances on 127.0.0.1",
                "Options: " + spec + " (unset = node defaults); startsecs=1; every stop is counted", samples,
                Map.of(START_WAIT, "4.32 s (min 4.26, max 4.37, n=5)",
                        START_NOWAIT, "3.44 s (min 3.42, max 4.41, n=5)",
                        STOP_WAIT, "1.12 s (min 1.11, max 1.15, n=10)"), runs);
        System.out.println(table);
        Path out = Path.of("target", "bench", "deployment.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    /**
     * The programs of instance i: for each stage s, {@code s<s>_0<i>} with 4 processes when s == i, else 3, so that
     * each stage has 10 processes and each instance 10; all in group {@code bench}.
     */
    private static String programs(int instance) {
        StringBuilder s = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int stage = 1; stage <= STAGES; stage++) {
            String name = String.format("s%d_%02d", stage, instance);
            names.add(name);
            s.append("[program:").append(name).append("]\n")
                    .append("command=sleep 100000\n")
                    .append("process_name=%(program_name)s_%(process_num)d\n")
                    .append("numprocs=").append(stage == instance ? 4 : 3).append('\n')
                    .append("autostart=false\n")
                    .append("autorestart=false\n")
                    .append("startsecs=1\n")
                    .append("stopwaitsecs=2\n\n");
        }
        s.append("[group:bench]\nprograms=").append(String.join(",", names)).append('\n');
        return s.toString();
    }

    /** How many processes of bench are RUNNING as the observer sees them. */
    private static int running(XmlRpc status) {
        Object[] infos = (Object[]) status.invoke("supvisors.get_process_info", "bench:*");
        if (infos.length != PROCESSES) {
            throw new AssertionError(PROCESSES + " bench processes expected, " + infos.length + " known");
        }
        int n = 0;
        for (Object info : infos) {
            if ("RUNNING".equals(((Map<?, ?>) info).get("statename"))) {
                n++;
            }
        }
        return n;
    }

    private static int startingJobs(XmlRpc status) {
        Object[] jobs = (Object[]) ((Map<?, ?>) status.invoke("supvisors.get_supvisors_state")).get("starting_jobs");
        return jobs.length;
    }

    private static void expectTrue(Object value, String what) {
        check(Boolean.TRUE.equals(value), what + " answered " + value);
    }

    private static void check(boolean condition, String what) {
        if (!condition) {
            throw new AssertionError(what);
        }
    }

    private static void add(Map<String, List<Double>> samples, String measure, double value) {
        samples.computeIfAbsent(measure, k -> new ArrayList<>()).add(value);
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
