package org.supvisors.it.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a Python check script (xmlrpc.client) against the nodes; it exits 0 when it found no mismatch. */
public final class PythonCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private PythonCheck() {
    }

    public static boolean available() {
        try {
            Process p = new ProcessBuilder("python3", "--version").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs {@code python3 script args...}, prints its output, fails unless it exits 0 within the timeout. */
    public static void run(Cluster cluster, Path script, List<String> args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", script.toString()));
        cmd.addAll(args);
        Path out = Files.createTempFile(cluster.dir(), script.getFileName().toString(), ".out");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        boolean finished = p.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (!finished) {
            ProcessTree.kill9(p.toHandle(), Duration.ofSeconds(5));
        }
        String output = Files.readString(out, StandardCharsets.UTF_8);
        System.out.println(output);
        assertTrue(finished, script.getFileName() + " did not finish within " + TIMEOUT.toSeconds() + " s:\n"
                + output);
        assertEquals(0, p.exitValue(), script.getFileName() + " failed:\n" + output);
    }
}
