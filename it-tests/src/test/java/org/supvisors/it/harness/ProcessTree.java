package org.supvisors.it.harness;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Kills process trees by pid, and keeps a registry of every root process the harness started so that a JVM
 * shutdown hook can kill whatever a failed or interrupted test left behind.
 *
 * <p>supervisord puts every child in its own process group, so killing a process group is not enough to simulate
 * a host crash: the whole tree of descendants is collected and killed, after freezing it with SIGSTOP so that
 * nothing is spawned (autorestart) between the snapshot and the kill.
 */
public final class ProcessTree {

    private static final Set<ProcessHandle> TRACKED = ConcurrentHashMap.newKeySet();
    private static final int MAX_SNAPSHOT_ROUNDS = 5;

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessTree::killAllTracked, "it-process-reaper"));
    }

    private ProcessTree() {
    }

    /** Registers a root process: it and its descendants are killed at JVM exit unless {@link #untrack}ed first. */
    public static void track(ProcessHandle root) {
        TRACKED.add(root);
    }

    public static void untrack(ProcessHandle root) {
        TRACKED.remove(root);
    }

    /** The root followed by all its live descendants. */
    public static List<ProcessHandle> snapshot(ProcessHandle root) {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        return tree;
    }

    /** SIGKILL to the root and all its descendants; waits (bounded) until they are gone. */
    public static void kill9(ProcessHandle root, Duration wait) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        for (int round = 0; round < MAX_SNAPSHOT_ROUNDS && root.isAlive(); round++) {
            List<ProcessHandle> now = snapshot(root);
            now.removeAll(tree);
            if (now.isEmpty()) {
                break;
            }
            signal("STOP", now);
            tree.addAll(now);
        }
        tree.add(root);
        killAll(tree, wait);
    }

    /** SIGKILL to every given process still alive, then waits (bounded) for them to be gone. */
    public static void killAll(Iterable<ProcessHandle> processes, Duration wait) {
        List<ProcessHandle> alive = new ArrayList<>();
        for (ProcessHandle p : processes) {
            if (p.isAlive()) {
                p.destroyForcibly();
                alive.add(p);
            }
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (ProcessHandle p : alive) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                p.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // Reported by the caller through isAlive() if it matters.
            }
        }
    }

    /** Sends a signal (name without SIG) to the given processes with kill(1); failures are ignored. */
    public static void signal(String name, List<ProcessHandle> processes) {
        if (processes.isEmpty()) {
            return;
        }
        List<String> cmd = new ArrayList<>();
        cmd.add("kill");
        cmd.add("-" + name);
        processes.forEach(p -> cmd.add(Long.toString(p.pid())));
        try {
            Process kill = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            kill.waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            // Fall back to SIGKILL only, done by the caller.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(List<ProcessHandle> processes) {
        return processes.stream().map(p -> p.pid() + ":" + p.info().command().orElse("?"))
                .collect(Collectors.joining(", "));
    }

    private static void killAllTracked() {
        for (ProcessHandle root : List.copyOf(TRACKED)) {
            if (root.isAlive()) {
                kill9(root, Duration.ofSeconds(5));
            }
        }
        TRACKED.clear();
    }
}
