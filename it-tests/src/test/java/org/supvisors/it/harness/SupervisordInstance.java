package org.supvisors.it.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * One {@code supervisord} (started with {@code -n} as a child of the test JVM) and its node, in a directory of
 * its own: {@code supervisord.conf}, pid file, logs, node data.
 *
 * <p>The node runs either as the supervisord event listener {@code [eventlistener:supvisors]} ({@link
 * NodeMode#LISTENER}, the normal deployment), or as a separate JVM started by the test in standalone mode
 * ({@link NodeMode#STANDALONE}), or not at all ({@link NodeMode#NONE}, plain supervisord).
 *
 * <p>By default everything listens on 127.0.0.1 of the test host. {@link Builder#netns} runs supervisord (hence its
 * listener node) and the standalone node inside a host of a {@link NetNamespaces} segment instead, listening on
 * that host's address: the test JVM reaches them when the segment has a test host link.
 */
public final class SupervisordInstance {

    public enum NodeMode { LISTENER, STANDALONE, NONE }

    static final String DEMO_PROGRAMS = """
            [program:ticker]
            command=/bin/sh -c 'while true; do echo tick; sleep 2; done'
            autostart=true
            stopasgroup=true
            killasgroup=true

            [group:demo]
            programs=backend,worker

            [program:backend]
            command=/bin/sh -c 'while true; do echo backend alive; sleep 2; done'
            autostart=false
            startsecs=1
            stopasgroup=true
            killasgroup=true

            [program:worker]
            command=/bin/sh -c 'while true; do echo worker busy; sleep 3; done'
            process_name=worker_%(process_num)d
            numprocs=2
            autostart=false
            startsecs=1
            stopasgroup=true
            killasgroup=true
            """;

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PORT_RELEASE_TIMEOUT = Duration.ofSeconds(30);

    private final String identifier;
    private final int port;
    private final Path dir;
    private final NodeMode nodeMode;
    private final Map<String, String> supvisorsOptions;
    private final List<String> extraSections;
    private final Map<String, String> files;
    private final Map<String, String> supervisordOptions;
    private final List<String> nodeArgs;
    private final Map<String, String> listenerOptions;
    private final String host;
    private final List<String> commandPrefix;
    private Process supervisord;
    private NodeProcess standaloneNode;
    private int launches;

    private SupervisordInstance(Builder b) {
        this.identifier = b.identifier;
        this.port = b.port;
        this.dir = b.dir.toAbsolutePath().normalize();
        this.nodeMode = b.nodeMode;
        this.supvisorsOptions = new LinkedHashMap<>(b.supvisorsOptions);
        this.extraSections = List.copyOf(b.extraSections);
        this.files = new LinkedHashMap<>(b.files);
        this.supervisordOptions = new LinkedHashMap<>(b.supervisordOptions);
        this.nodeArgs = List.copyOf(b.nodeArgs);
        this.listenerOptions = new LinkedHashMap<>(b.listenerOptions);
        this.host = b.host;
        this.commandPrefix = List.copyOf(b.commandPrefix);
    }

    public static Builder builder(String identifier, int port, Path dir) {
        return new Builder(identifier, port, dir);
    }

    public String identifier() {
        return identifier;
    }

    /** supervisord's HTTP port P; the node uses P+1 (internal), P+2 (events), P+3 (HTTP). */
    public int port() {
        return port;
    }

    /** The address supervisord and the node listen on: 127.0.0.1, or the namespace host's address. */
    public String host() {
        return host;
    }

    public int nodeHttpPort() {
        String configured = supvisorsOptions.get("node_http_port");
        return configured != null ? Integer.parseInt(configured) : port + 3;
    }

    /** The node's Akka Management port (cluster membership, health checks): the node HTTP port + 1. */
    public int managementPort() {
        return nodeHttpPort() + 1;
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return dir.resolve("supervisord.conf");
    }

    public Path nodeLog() {
        return dir.resolve(nodeMode == NodeMode.STANDALONE ? "node.out" : "supvisors-node.log");
    }

    public URI supervisorUrl() {
        return URI.create("http://" + host + ":" + port + "/RPC2");
    }

    public URI nodeRpcUrl() {
        return URI.create("http://" + host + ":" + nodeHttpPort() + "/RPC2");
    }

    public XmlRpc supervisor() {
        return XmlRpc.at(host, port);
    }

    public SupvisorsRpc supvisors() {
        return new SupvisorsRpc(identifier, XmlRpc.at(host, nodeHttpPort()));
    }

    public boolean isAlive() {
        return supervisord != null && supervisord.isAlive();
    }

    public long pid() {
        return supervisord == null ? -1 : supervisord.pid();
    }

    public NodeProcess standaloneNode() {
        return standaloneNode;
    }

    /** Starts supervisord (and the standalone node if any) without waiting; see {@link #awaitReady()}. */
    public void launch() {
        if (isAlive()) {
            throw new IllegalStateException(identifier + " is already running (pid " + pid() + ")");
        }
        try {
            Files.createDirectories(dir.resolve("data"));
            // In a namespace, the ports are the namespace's own: nothing of the test host's can hold them.
            if (launches > 0 && commandPrefix.isEmpty()) {
                Await.until(identifier + ": ports " + port + ".." + (port + Ports.BLOCK_SIZE - 1) + " released",
                        PORT_RELEASE_TIMEOUT, () -> Ports.allFree(port, Ports.BLOCK_SIZE));
            }
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path target = dir.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            Files.writeString(configFile(), configText());
            List<String> cmd = new ArrayList<>(commandPrefix);
            cmd.addAll(List.of("supervisord", "-n", "-c", configFile().toString()));
            ProcessBuilder pb = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("supervisord.out").toFile()));
            pb.environment().remove("SUPERVISOR_ENABLED");
            supervisord = pb.start();
            ProcessTree.track(supervisord.toHandle());
            launches++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start supervisord for " + identifier, e);
        }
        if (nodeMode == NodeMode.STANDALONE) {
            standaloneNode = NodeProcess.start(dir, nodeCommandArgs("--standalone"), "node.out", commandPrefix);
        }
    }

    /** Waits until {@code supervisor.getState} answers RUNNING (fails early if supervisord exits). */
    public void awaitReady() {
        XmlRpc rpc = new XmlRpc(supervisorUrl(), Duration.ofSeconds(2));
        Await.until(identifier + ": supervisord on port " + port + " RUNNING", READY_TIMEOUT, () -> {
            if (!isAlive()) {
                throw new IllegalStateException("supervisord exited with code " + supervisord.exitValue());
            }
            return SupvisorsRpc.struct(rpc.invoke("supervisor.getState")).get("statename");
        }, "RUNNING"::equals);
    }

    public void start() {
        launch();
        awaitReady();
    }

    /** SIGKILL to supervisord and its whole process tree (the listener node, the programs), by pid. */
    public void kill9() {
        if (supervisord != null) {
            ProcessTree.kill9(supervisord.toHandle(), Duration.ofSeconds(10));
            reap(Duration.ofSeconds(5));
            ProcessTree.untrack(supervisord.toHandle());
        }
        if (standaloneNode != null) {
            standaloneNode.kill9();
        }
    }

    /**
     * SIGTERM to supervisord (which stops its programs and the listener node), bounded by {@code grace}; whatever
     * of the tree is still alive afterwards is killed by pid.
     */
    public void stop(Duration grace) {
        if (standaloneNode != null) {
            standaloneNode.stop(grace);
        }
        if (supervisord == null) {
            return;
        }
        List<ProcessHandle> tree = ProcessTree.snapshot(supervisord.toHandle());
        if (supervisord.isAlive()) {
            supervisord.destroy();
            reap(grace);
        }
        ProcessTree.killAll(tree, Duration.ofSeconds(5));
        reap(Duration.ofSeconds(5));
        ProcessTree.untrack(supervisord.toHandle());
    }

    /** What {@code supervisorctl} printed and its exit code. */
    public record CtlResult(int exitCode, String output) {
    }

    /**
     * Runs {@code supervisorctl -s http://HOST:P args...} against this supervisord, in its namespace if any (bounded
     * to 60 s; the client is killed by pid on timeout).
     */
    public CtlResult supervisorctl(String... args) {
        List<String> cmd = new ArrayList<>(commandPrefix);
        cmd.addAll(List.of("supervisorctl", "-s", "http://" + host + ":" + port));
        cmd.addAll(List.of(args));
        try {
            Path out = Files.createTempFile(dir, "supervisorctl", ".out");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(out.toFile());
            pb.environment().remove("SUPERVISOR_ENABLED");
            Process p = pb.start();
            boolean done = p.waitFor(60, TimeUnit.SECONDS);
            if (!done) {
                ProcessTree.kill9(p.toHandle(), Duration.ofSeconds(5));
            }
            String text = Files.readString(out);
            Files.deleteIfExists(out);
            if (!done) {
                throw new AssertionError(identifier + ": " + cmd + " did not finish within 60 s: " + text);
            }
            return new CtlResult(p.exitValue(), text);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + cmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + cmd, e);
        }
    }

    public List<Path> logFiles() {
        List<Path> logs = new ArrayList<>(List.of(dir.resolve("supervisord.out"), dir.resolve("supervisord.log")));
        if (nodeMode != NodeMode.NONE) {
            logs.add(nodeLog());
        }
        return logs;
    }

    public void printLogs(PrintStream out) {
        out.println("===== " + identifier + " (port " + port + ", " + (isAlive() ? "pid " + pid() : "not running")
                + ", dir " + dir + ") =====");
        logFiles().forEach(f -> Logs.printTail(f, out));
    }

    String configText() {
        StringBuilder s = new StringBuilder();
        s.append("; written by the integration test harness\n");
        s.append("[inet_http_server]\nport=").append(host).append(':').append(port).append("\n\n");
        s.append("[supervisord]\n")
                .append("identifier=").append(identifier).append('\n')
                .append("nodaemon=true\n")
                .append("logfile=").append(esc(dir.resolve("supervisord.log"))).append('\n')
                .append("pidfile=").append(esc(dir.resolve("supervisord.pid"))).append('\n')
                .append("childlogdir=").append(esc(dir)).append('\n')
                .append("loglevel=info\n");
        supervisordOptions.forEach((k, v) -> s.append(k).append('=').append(esc(v)).append('\n'));
        s.append('\n');
        s.append("[rpcinterface:supervisor]\n")
                .append("supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface\n\n");
        s.append("[supervisorctl]\nserverurl=http://").append(host).append(':').append(port).append("\n\n");
        s.append("[supvisors]\n");
        Map<String, String> options = new LinkedHashMap<>(supvisorsOptions);
        options.putIfAbsent("data_dir", dir.resolve("data").toString());
        options.forEach((k, v) -> s.append(k).append(" = ").append(esc(v)).append('\n'));
        s.append('\n');
        for (String section : extraSections) {
            s.append(section.strip()).append("\n\n");
        }
        if (nodeMode == NodeMode.LISTENER) {
            List<String> cmd = NodeCommand.create(dir, nodeCommandArgs("--listener"));
            Map<String, String> listener = new LinkedHashMap<>();
            listener.put("command", String.join(" ", cmd));
            listener.put("events", "PROCESS_STATE,PROCESS_GROUP,SUPERVISOR_STATE_CHANGE,TICK_5");
            listener.put("buffer_size", "100");
            listener.put("autorestart", "true");
            listener.put("startsecs", "1");
            listener.put("stopwaitsecs", "5");
            listener.put("stdout_logfile", "NONE");
            listener.put("stderr_logfile", nodeLog().toString());
            listener.put("stderr_logfile_maxbytes", "0");
            listener.putAll(listenerOptions);
            s.append("[eventlistener:supvisors]\n");
            listener.forEach((k, v) -> s.append(k).append('=').append(esc(v)).append('\n'));
            s.append('\n');
        }
        return s.toString();
    }

    private List<String> nodeCommandArgs(String mode) {
        List<String> args = new ArrayList<>(List.of("--supervisord-conf", configFile().toString(), mode));
        args.addAll(nodeArgs);
        return args;
    }

    /** supervisord expands %(name)s in values: a literal percent sign is written %%. */
    private static String esc(Object value) {
        return value.toString().replace("%", "%%");
    }

    private void reap(Duration wait) {
        try {
            supervisord.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        String where = commandPrefix.isEmpty() ? "" : " in " + commandPrefix.get(commandPrefix.size() - 1);
        return identifier + ":" + port + where;
    }

    /** Configuration of one instance. */
    public static final class Builder {
        private final String identifier;
        private final int port;
        private final Path dir;
        private NodeMode nodeMode = NodeMode.LISTENER;
        private final Map<String, String> supvisorsOptions = new LinkedHashMap<>();
        private final List<String> extraSections = new ArrayList<>();
        private final Map<String, String> files = new LinkedHashMap<>();
        private final Map<String, String> supervisordOptions = new LinkedHashMap<>();
        private final List<String> nodeArgs = new ArrayList<>();
        private final Map<String, String> listenerOptions = new LinkedHashMap<>();
        private String host = "127.0.0.1";
        private List<String> commandPrefix = List.of();

        private Builder(String identifier, int port, Path dir) {
            this.identifier = Objects.requireNonNull(identifier);
            this.port = port;
            this.dir = Objects.requireNonNull(dir);
        }

        public Builder nodeMode(NodeMode mode) {
            this.nodeMode = mode;
            return this;
        }

        /** An option of the {@code [supvisors]} section (manual §2.1.1 names, plus the node's own options). */
        public Builder option(String name, Object value) {
            supvisorsOptions.put(name, String.valueOf(value));
            return this;
        }

        public Builder options(Map<String, String> options) {
            supvisorsOptions.putAll(options);
            return this;
        }

        /** A raw section, e.g. {@code [program:x]} lines, appended to supervisord.conf. */
        public Builder section(String text) {
            extraSections.add(text);
            return this;
        }

        /** A file written in the instance directory at each launch (path relative to that directory). */
        public Builder file(String relativePath, String content) {
            files.put(relativePath, content);
            return this;
        }

        /** An extra option of the {@code [supervisord]} section (e.g. {@code minfds}). */
        public Builder supervisordOption(String name, Object value) {
            supervisordOptions.put(name, String.valueOf(value));
            return this;
        }

        /** Extra arguments of the node command line (e.g. {@code --config node.conf}, a file of {@link #file}). */
        public Builder nodeArgs(String... args) {
            nodeArgs.addAll(List.of(args));
            return this;
        }

        /** Sets an option of the {@code [eventlistener:supvisors]} section (e.g. {@code startsecs}), over the default. */
        public Builder listenerOption(String name, Object value) {
            listenerOptions.put(name, String.valueOf(value));
            return this;
        }

        /**
         * A few small programs: {@code ticker} (unmanaged, autostarted shell loop) and a {@code demo} group with
         * {@code backend} and {@code worker} (numprocs=2), not autostarted (Supvisors starts managed ones).
         */
        public Builder demoPrograms() {
            section(DEMO_PROGRAMS);
            return this;
        }

        /**
         * Runs supervisord and the standalone node on a host of a {@link NetNamespaces} segment
         * ({@code ip netns exec}), listening on its address; the listener node, a child of supervisord, runs there
         * too. The node's own addresses still come from the {@code [supvisors]} options: give it a
         * {@code supvisors_list} with the namespace addresses (see {@link Cluster}), or in discovery mode the
         * options that name its host.
         */
        public Builder netns(NetNamespaces.Host nsHost) {
            this.host = nsHost.address();
            this.commandPrefix = nsHost.execPrefix();
            return this;
        }

        public SupervisordInstance build() {
            return new SupervisordInstance(this);
        }
    }
}
