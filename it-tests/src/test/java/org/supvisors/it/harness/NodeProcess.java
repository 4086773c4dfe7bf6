package org.supvisors.it.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A node JVM started by the test itself (standalone mode), with stdout and stderr in one log file. */
public final class NodeProcess {

    private final Process process;
    private final Path log;

    private NodeProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java ... org.supvisors.node.Main nodeArgs} in {@code dir}; its output goes to {@code dir/logName}. */
    public static NodeProcess start(Path dir, List<String> nodeArgs, String logName) {
        return start(dir, nodeArgs, logName, List.of());
    }

    /**
     * Same as {@link #start(Path, List, String)}, the command prefixed by {@code commandPrefix} (e.g. {@code ip netns
     * exec NAME}, which execs the node: the process is still the node's JVM).
     */
    public static NodeProcess start(Path dir, List<String> nodeArgs, String logName, List<String> commandPrefix) {
        Path log = dir.resolve(logName);
        List<String> cmd = new java.util.ArrayList<>(commandPrefix);
        cmd.addAll(NodeCommand.create(dir, nodeArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().remove("SUPERVISOR_ENABLED");
        try {
            Process process = pb.start();
            ProcessTree.track(process.toHandle());
            return new NodeProcess(process, log);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the node JVM", e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public void kill9() {
        ProcessTree.kill9(process.toHandle(), Duration.ofSeconds(10));
        reap(Duration.ofSeconds(5));
        ProcessTree.untrack(process.toHandle());
    }

    /** SIGTERM, then SIGKILL after {@code grace}. */
    public void stop(Duration grace) {
        if (process.isAlive()) {
            process.destroy();
            reap(grace);
        }
        if (process.isAlive()) {
            kill9();
        }
        ProcessTree.untrack(process.toHandle());
    }

    public void printLog(PrintStream out) {
        Logs.printTail(log, out);
    }

    private void reap(Duration wait) {
        try {
            process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
