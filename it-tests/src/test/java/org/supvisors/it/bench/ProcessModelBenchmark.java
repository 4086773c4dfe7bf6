package org.supvisors.it.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/**
 * The live process model under load, compared with the Supvisors 0.17.4 baseline (bench/supvisors-0.17.4.md,
 * workloads 4 and 5). 3 instances A, B, C on 127.0.0.1, each with one program of N/3 processes ({@code sleep},
 * numprocs, autostarted), N = 300 then 3,000:
 * <ol>
 *   <li>a process of C is stopped or started through C's supervisord ({@code stopProcess}/{@code startProcess}
 *       without wait); {@code supvisors.get_process_info} is polled back to back on A until the new state shows.
 *       Latency from the send and from the return of the supervisord call, idle and while 4 clients call
 *       {@code get_all_process_info} on A without pause;</li>
 *   <li>{@code get_all_process_info} on A: sequential calls, then 4 concurrent clients for 10 s.</li>
 * </ol>
 * The client is {@code java.net.http} over HTTP/1.1 keep-alive, one connection per thread, so that it is not the
 * bottleneck. Run with {@code mvn -B verify -pl it-tests -am -Pbench -Dtest=ProcessModelBenchmark}. System
 * properties: {@code bench.sizes} (default {@code 300,3000}), {@code bench.changes} (state changes per phase,
 * default 60), {@code bench.calls} (sequential calls, default 200), {@code bench.seconds} (concurrent phase,
 * default 10), {@code bench.clients} (default 4). The table is printed and written to
 * {@code target/bench/process-model.md}.
 */
@Tag("benchmark")
class ProcessModelBenchmark {

    private static final List<Integer> SIZES = Arrays.stream(System.getProperty("bench.sizes", "300,3000")
            .split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    private static final int CHANGES = Integer.getInteger("bench.changes", 60);
    private static final int CALLS = Integer.getInteger("bench.calls", 200);
    private static final int SECONDS = Integer.getInteger("bench.seconds", 10);
    private static final int CLIENTS = Integer.getInteger("bench.clients", 4);
    private static final Duration READY = Duration.ofMinutes(10);
    private static final Duration VISIBLE = Duration.ofSeconds(10);

    private static final String A = "supv-01";
    private static final String C = "supv-03";

    /** Measure -> Supvisors 0.17.4 figure (300 processes unless stated) and target. */
    private static final Map<String, String[]> REFERENCE = new LinkedHashMap<>();

    static {
        REFERENCE.put("remote stop, send -> visible on A (idle)", new String[] {
            "4.6 ms (3.7-16.6) idle, 7.7 ms (5.0-97.9) with 300 processes [ZMQ event]", "3 ms p50, 10 ms p99"});
        REFERENCE.put("remote start, send -> visible on A (idle)", new String[] {
            "10.4 ms (6.3-18.4) idle, 15.1 ms (8.9-76.2) with 300 processes [ZMQ event]", "3 ms p50, 10 ms p99"});
        REFERENCE.put("remote change, return -> visible on A (idle)", new String[] {
            "2.3 ms stop / 2.0 ms start idle, 3.5 / 4.6 ms with 300 processes (after wait=True) [ZMQ event]", "-"});
        REFERENCE.put("remote change, send -> visible on A (idle, all)", new String[] {"-", "3 ms p50, 10 ms p99"});
        REFERENCE.put("remote change with wait=True, return -> visible on A (idle)", new String[] {
            "2.3 ms stop / 2.0 ms start idle, 3.5 / 4.6 ms with 300 processes [ZMQ event]", "3 ms p50, 10 ms p99"});
        REFERENCE.put("remote stop, send -> visible on A (4 clients on A)", new String[] {
            "13.4 ms (8.4-41.7) [ZMQ event, 4 RPC threads on a]", "3 ms p50, 10 ms p99"});
        REFERENCE.put("remote start, send -> visible on A (4 clients on A)", new String[] {
            "35.4 ms (17.0-71.2) [ZMQ event, 4 RPC threads on a]", "3 ms p50, 10 ms p99"});
        REFERENCE.put("remote change, return -> visible on A (4 clients on A)", new String[] {
            "13.0 ms stop / 15.6 ms start (after wait=True) [ZMQ event, 4 RPC threads on a]", "-"});
        REFERENCE.put("remote change, send -> visible on A (4 clients on A, all)", new String[] {
            "-", "3 ms p50, 10 ms p99"});
        REFERENCE.put("remote change with wait=True, return -> visible on A (4 clients on A)", new String[] {
            "13.0 ms stop / 15.6 ms start [ZMQ event, 4 RPC threads on a]", "3 ms p50, 10 ms p99"});
        REFERENCE.put("get_all_process_info rate of the 4 clients during the changes", new String[] {"-", "-"});
        REFERENCE.put("get_all_process_info sequential", new String[] {
            "p50 55.3 ms, p99 73.1 ms (224,349 B)", "5 ms p50 (300 processes)"});
        REFERENCE.put("get_all_process_info, 4 clients x 10 s", new String[] {
            "75.7 calls/s (threads), 94.3 calls/s (processes); p50 49.7 ms, p99 112.8 ms",
            ">= 1,000 calls/s (300 processes)"});
        REFERENCE.put("get_all_process_info response", new String[] {"224,349 B, 303 entries", "-"});
        REFERENCE.put("get_supvisors_state sequential (floor)", new String[] {"p50 0.47 ms, p99 0.85 ms", "-"});
        REFERENCE.put("get_process_info sequential (floor)", new String[] {"-", "-"});
    }

    @RegisterExtension
    final ClusterExtension clusters = ClusterExtension.perTest();

    @Test
    void processModelUnderLoad() throws Exception {
        Map<Integer, Map<String, String>> results = new LinkedHashMap<>();
        for (int size : SIZES) {
            results.put(size, measure(size));
        }
        String table = table(results);
        System.out.println(table);
        Path out = Path.of("target", "bench", "process-model.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    private Map<String, String> measure(int size) throws Exception {
        int perInstance = size / 3;
        ClusterSpec spec = ClusterSpec.of(3)
                .option("tick_period", System.getProperty("bench.tick_period"))
                .option("inactivity_ticks", null)
                .option("synchro_timeout", null);
        for (String id : spec.identifiers()) {
            String program = "bench_" + id.substring(id.length() - 2);
            spec = spec.sectionFor(id, "[program:" + program + "]\n"
                    + "command=sleep 1000000\n"
                    + "process_name=%(program_name)s_%(process_num)04d\n"
                    + "numprocs=" + perInstance + "\n"
                    + "autostart=true\n"
                    + "autorestart=false\n"
                    + "startsecs=0\n"
                    + "stopwaitsecs=5\n"
                    + "stdout_logfile=NONE\n"
                    + "stderr_logfile=NONE\n");
        }
        Cluster cluster = clusters.start("bench-model-" + size, spec);
        try {
            return measure(cluster, perInstance * 3);
        } finally {
            cluster.close();
        }
    }

    private Map<String, String> measure(Cluster cluster, int size) throws Exception {
        Map<String, String> r = new LinkedHashMap<>();
        cluster.awaitOperation(cluster.identifiers(), READY);
        Rpc a = new Rpc(cluster.instance(A).nodeHttpPort());
        long t0 = System.nanoTime();
        // The nodes themselves run as supervisord event listeners: one more entry (unmanaged group supvisors).
        Await.until(size + " processes RUNNING as seen by " + A, READY, Duration.ofSeconds(1),
                () -> count(a.unchecked("supvisors.get_all_process_info"), "<name>statename</name>", "RUNNING"),
                n -> n >= size);
        System.out.printf(Locale.ROOT, "[%d] all RUNNING on %s %.1f s after OPERATION%n", size, A,
                (System.nanoTime() - t0) / 1e9);
        String target = "bench_03:bench_03_0000";
        Rpc cSupervisor = new Rpc(cluster.instance(C).port());

        // Warm-up of both ends (the node's JIT), then the floors.
        long warmEnd = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (System.nanoTime() < warmEnd) {
            a.call("supvisors.get_supvisors_state");
            a.call("supvisors.get_process_info", target);
            a.call("supvisors.get_all_process_info");
        }
        r.put("get_supvisors_state sequential (floor)", percentiles(sequential(a, "supvisors.get_supvisors_state",
                CALLS)));
        r.put("get_process_info sequential (floor)", percentiles(sequential(a, "supvisors.get_process_info",
                CALLS, target)));

        // (a) remote change -> visible on A, idle then under load.
        changes(a, cSupervisor, target, "idle", r, null, false);
        changes(a, cSupervisor, target, "idle", r, null, true);
        try (Load load = new Load(cluster.instance(A).nodeHttpPort(), CLIENTS)) {
            changes(a, cSupervisor, target, CLIENTS + " clients on A", r, load, false);
            changes(a, cSupervisor, target, CLIENTS + " clients on A", r, load, true);
            r.put(key("get_all_process_info rate of the 4 clients during the changes"), load.summary());
        }

        // (b) get_all_process_info sequential, then concurrent.
        String body = a.call("supvisors.get_all_process_info");
        r.put("get_all_process_info response", String.format(Locale.ROOT, "%,d B, %d entries",
                body.getBytes(StandardCharsets.UTF_8).length, count(body, "<name>process_name</name>", null)));
        sequential(a, "supvisors.get_all_process_info", 20);
        r.put("get_all_process_info sequential", percentiles(sequential(a, "supvisors.get_all_process_info",
                CALLS)));
        try (Load load = new Load(cluster.instance(A).nodeHttpPort(), CLIENTS)) {
            load.await(Duration.ofSeconds(SECONDS));
            r.put(key("get_all_process_info, 4 clients x 10 s"), load.summary());
        }
        r.forEach((k, v) -> System.out.printf(Locale.ROOT, "[%d] %s: %s%n", size, k, v));
        return r;
    }

    /**
     * Alternate stops and starts of {@code target} on C; each one timed until get_process_info on A shows it.
     * With {@code wait}, supervisord answers once the process is STOPPED or RUNNING: the answer marks the moment
     * the state changed, as in the Supvisors baseline.
     */
    private static void changes(Rpc a, Rpc cSupervisor, String target, String label, Map<String, String> r,
                                Load load, boolean wait) throws Exception {
        List<Double> stopSend = new ArrayList<>();
        List<Double> startSend = new ArrayList<>();
        List<Double> fromReturn = new ArrayList<>();
        List<Double> all = new ArrayList<>();
        String state = statename(a.call("supvisors.get_process_info", target));
        if (load != null) {
            load.await(Duration.ofMillis(500));
        }
        for (int i = 0; i < CHANGES; i++) {
            boolean stop = "RUNNING".equals(state);
            String expected = stop ? "STOPPED" : "RUNNING";
            long send = System.nanoTime();
            cSupervisor.call(stop ? "supervisor.stopProcess" : "supervisor.startProcess", target, wait);
            long ret = System.nanoTime();
            long deadline = ret + VISIBLE.toNanos();
            String seen;
            long at;
            do {
                seen = statename(a.call("supvisors.get_process_info", target));
                at = System.nanoTime();
                if (at > deadline) {
                    throw new AssertionError(target + " not " + expected + " on " + A + " within " + VISIBLE
                            + " (" + label + "); last " + seen);
                }
            } while (!expected.equals(seen));
            double fromSend = (at - send) / 1e6;
            if (fromSend > 100) {
                System.out.printf(Locale.ROOT, "[%s] outlier: %s %s sent at %s, visible on %s after %.1f ms "
                        + "(supervisord answered in %.1f ms)%n", label, stop ? "stop" : "start", target,
                        java.time.Instant.now().minusNanos(System.nanoTime() - send), A, fromSend,
                        (ret - send) / 1e6);
            }
            (stop ? stopSend : startSend).add(fromSend);
            all.add(fromSend);
            fromReturn.add((at - ret) / 1e6);
            state = expected;
            pause(20 + ThreadLocalRandom.current().nextInt(50));
        }
        if (wait) {
            r.put("remote change with wait=True, return -> visible on A (" + label + ")", percentiles(fromReturn));
            return;
        }
        r.put("remote stop, send -> visible on A (" + label + ")", percentiles(stopSend));
        r.put("remote start, send -> visible on A (" + label + ")", percentiles(startSend));
        r.put("remote change, return -> visible on A (" + label + ")", percentiles(fromReturn));
        r.put("remote change, send -> visible on A (" + label + ", all)", percentiles(all));
    }

    private static List<Double> sequential(Rpc rpc, String method, int calls, Object... params) throws Exception {
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < calls; i++) {
            long t = System.nanoTime();
            rpc.call(method, params);
            ms.add((System.nanoTime() - t) / 1e6);
        }
        return ms;
    }

    /** Clients calling get_all_process_info back to back, each on its own connection. */
    private static final class Load implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();
        private final List<List<Double>> latencies = new ArrayList<>();
        private final List<Throwable> errors = new ArrayList<>();
        private final long start = System.nanoTime();
        private volatile long end;

        Load(int port, int clients) {
            for (int i = 0; i < clients; i++) {
                List<Double> own = new ArrayList<>();
                latencies.add(own);
                Rpc rpc = new Rpc(port);
                Thread t = new Thread(() -> {
                    try {
                        while (running.get()) {
                            long s = System.nanoTime();
                            rpc.call("supvisors.get_all_process_info");
                            if (running.get()) {
                                own.add((System.nanoTime() - s) / 1e6);
                            }
                        }
                    } catch (Exception | AssertionError e) {
                        synchronized (errors) {
                            errors.add(e);
                        }
                    }
                }, "load-" + i);
                t.setDaemon(true);
                threads.add(t);
            }
            threads.forEach(Thread::start);
        }

        void await(Duration d) {
            pause(d.toMillis());
        }

        String summary() {
            stop();
            List<Double> merged = new ArrayList<>();
            latencies.forEach(merged::addAll);
            double seconds = (end - start) / 1e9;
            return String.format(Locale.ROOT, "%.0f calls/s (%d in %.1f s), %s%s", merged.size() / seconds,
                    merged.size(), seconds, percentiles(merged),
                    errors.isEmpty() ? "" : ", " + errors.size() + " client error(s): " + errors.get(0));
        }

        private void stop() {
            if (running.getAndSet(false)) {
                end = System.nanoTime();
                for (Thread t : threads) {
                    try {
                        t.join(30_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        }

        @Override
        public void close() {
            stop();
        }
    }

    /** XML-RPC over one HTTP/1.1 keep-alive connection (java.net.http). */
    private static final class Rpc {
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final URI uri;

        Rpc(int port) {
            this.uri = URI.create("http://127.0.0.1:" + port + "/RPC2");
        }

        /** {@link #call} for pollers: I/O errors are unchecked (a poll that failed counts as "not yet"). */
        String unchecked(String method, Object... params) {
            try {
                return call(method, params);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        String call(String method, Object... params) throws IOException, InterruptedException {
            StringBuilder s = new StringBuilder(256);
            s.append("<?xml version=\"1.0\"?><methodCall><methodName>").append(method)
                    .append("</methodName><params>");
            for (Object p : params) {
                s.append("<param><value>");
                if (p instanceof Boolean b) {
                    s.append("<boolean>").append(b ? 1 : 0).append("</boolean>");
                } else {
                    s.append("<string>").append(p).append("</string>");
                }
                s.append("</value></param>");
            }
            s.append("</params></methodCall>");
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "text/xml")
                    .POST(HttpRequest.BodyPublishers.ofString(s.toString())).build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            String body = response.body();
            if (response.statusCode() != 200 || body.contains("<fault>")) {
                throw new AssertionError(uri + " " + method + ": HTTP " + response.statusCode() + " "
                        + body.substring(0, Math.min(400, body.length())));
            }
            return body;
        }
    }

    private static final Pattern STATENAME = Pattern.compile(
            "<name>statename</name>\\s*<value>\\s*(?:<string>)?\\s*([A-Z_]+)");

    private static String statename(String body) {
        Matcher m = STATENAME.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no statename in " + body);
        }
        return m.group(1);
    }

    /** Occurrences of {@code marker}, counting only those followed by {@code value} when one is given. */
    private static int count(String body, String marker, String value) {
        int n = 0;
        int i = body.indexOf(marker);
        while (i >= 0) {
            if (value == null) {
                n++;
            } else {
                Matcher m = STATENAME.matcher(body).region(i, Math.min(body.length(), i + 200));
                if (m.lookingAt() && value.equals(m.group(1))) {
                    n++;
                }
            }
            i = body.indexOf(marker, i + marker.length());
        }
        return n;
    }

    private static String percentiles(List<Double> values) {
        if (values.isEmpty()) {
            return "no sample";
        }
        List<Double> sorted = values.stream().sorted().toList();
        return String.format(Locale.ROOT, "p50 %s, p99 %s, max %s (n=%d)", ms(percentile(sorted, 50)),
                ms(percentile(sorted, 99)), ms(sorted.get(sorted.size() - 1)), sorted.size());
    }

    /** Nearest-rank percentile. */
    private static double percentile(List<Double> sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String ms(double value) {
        return String.format(Locale.ROOT, value < 10 ? "%.2f ms" : "%.1f ms", value);
    }

    private static String table(Map<Integer, Map<String, String>> results) {
        StringBuilder s = new StringBuilder();
        s.append("## Process model benchmark: 3 instances on 127.0.0.1\n\n");
        s.append("A process of C stopped/started through C's supervisord without wait; `get_process_info` polled back "
                + "to back on A until the new state shows. Load: ").append(CLIENTS)
                .append(" clients calling `get_all_process_info` on A back to back (java.net.http, HTTP/1.1 "
                        + "keep-alive). The baseline measured the arrival of the event at a ZMQ subscriber of a, "
                        + "not a status call. ").append(CHANGES).append(" changes per phase (half stops, half "
                        + "starts).\n\n");
        s.append("| Measure |");
        results.keySet().forEach(n -> s.append(String.format(Locale.ROOT, " %,d processes |", n)));
        s.append(" Supvisors 0.17.4 | Target |\n|---|");
        results.keySet().forEach(n -> s.append("---|"));
        s.append("---|---|\n");
        for (Map.Entry<String, String[]> e : REFERENCE.entrySet()) {
            String measure = key(e.getKey());
            s.append("| ").append(measure).append(" |");
            for (Map<String, String> r : results.values()) {
                s.append(' ').append(r.getOrDefault(measure, "-")).append(" |");
            }
            s.append(' ').append(e.getValue()[0]).append(" | ").append(e.getValue()[1]).append(" |\n");
        }
        return s.toString();
    }

    /** A measure name with the configured number of clients and duration. */
    private static String key(String measure) {
        return measure.replace("4 clients", CLIENTS + " clients").replace("x 10 s", "x " + SECONDS + " s");
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
