package org.supvisors.it.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Ports;
import org.supvisors.it.harness.SupervisordInstance;

/**
 * Issue item 8: a node with an invalid configuration, run by supervisord as its event listener with the listener
 * settings of the documentation ({@code startsecs=10}, {@code startretries=3}, {@code autorestart=unexpected},
 * {@code exitcodes=2}), exits before {@code startsecs} at every try, so supervisord gives up: the listener ends in
 * FATAL after 4 starts instead of being restarted forever, and its log names every invalid option. Prints how long
 * the node took to reach the error at each start (from supervisord's log).
 */
class ConfigurationErrorTest {

    private static final Duration FATAL_WITHIN = Duration.ofSeconds(90);
    private static final Pattern SUPERVISORD_EVENT = Pattern.compile(
            "^(\\S+ \\S+) [A-Z]+ (spawned: 'supvisors'|exited: supvisors \\(exit status (\\d+))");
    private static final DateTimeFormatter SUPERVISORD_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss,SSS");

    @Test
    void twoInvalidOptionsEndInFatalWithBothNamed() throws Exception {
        Path dir = Path.of(System.getProperty("it.workdir", "target/it-work"))
                .resolve("configuration-error-" + ProcessHandle.current().pid()).toAbsolutePath();
        SupervisordInstance instance = SupervisordInstance.builder("supv-01", Ports.freeBlock(), dir)
                .option("synchro_timeout", "5")
                .option("inactivity_ticks", "1")
                .listenerOption("autorestart", "unexpected")
                .listenerOption("exitcodes", "2")
                .listenerOption("startsecs", "10")
                .listenerOption("startretries", "3")
                .build();
        try {
            long start = System.nanoTime();
            instance.start();
            Map<String, Object> info = Await.until("the supvisors listener FATAL", FATAL_WITHIN,
                    () -> struct(instance.supervisor().invoke("supervisor.getProcessInfo", "supvisors")),
                    i -> "FATAL".equals(i.get("statename")));
            Duration toFatal = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("listener FATAL %d ms after supervisord was launched: %s%n", toFatal.toMillis(),
                    info.get("spawnerr"));

            // Given up for good: no fifth start.
            Await.holds("the listener stays FATAL", Duration.ofSeconds(5),
                    () -> struct(instance.supervisor().invoke("supervisor.getProcessInfo", "supvisors")),
                    i -> "FATAL".equals(i.get("statename")));
            String log = Files.readString(instance.nodeLog());
            List<String> reports = log.lines().filter(l -> l.startsWith("supvisors-node: configuration error"))
                    .toList();
            assertEquals(4, reports.size(), "one report per start (1 + startretries):\n" + log);
            assertTrue(log.contains("supvisors-node: configuration errors (2):"), log);
            assertTrue(log.contains("invalid value for synchro_timeout: \"5\""), log);
            assertTrue(log.contains("invalid value for inactivity_ticks: \"1\""), log);
            assertTrue(!log.contains("started: http://"), "no node started:\n" + log);

            List<Long> validation = validationTimes(dir.resolve("supervisord.log"));
            System.out.printf("node start to configuration error, per start (ms): %s%n", validation);
            assertEquals(4, validation.size(), "4 starts, each ended with exit status 2");
        } catch (Throwable t) {
            instance.printLogs(System.out);
            throw t;
        } finally {
            instance.stop(Duration.ofSeconds(15));
        }
    }

    /** For each start of the listener: milliseconds from "spawned" to "exited ... (exit status 2". */
    private static List<Long> validationTimes(Path supervisordLog) throws IOException {
        List<Long> times = new ArrayList<>();
        LocalDateTime spawned = null;
        for (String line : Files.readAllLines(supervisordLog)) {
            Matcher m = SUPERVISORD_EVENT.matcher(line);
            if (!m.find()) {
                continue;
            }
            LocalDateTime at = LocalDateTime.parse(m.group(1), SUPERVISORD_TIME);
            if (m.group(2).startsWith("spawned")) {
                spawned = at;
            } else if (spawned != null && "2".equals(m.group(3))) {
                times.add(Duration.between(spawned, at).toMillis());
                spawned = null;
            }
        }
        return times;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> struct(Object value) {
        return (Map<String, Object>) value;
    }
}
