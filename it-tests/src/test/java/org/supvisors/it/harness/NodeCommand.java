package org.supvisors.it.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The command line of a node JVM: the test classpath (which holds cluster-node and all its dependencies), a small
 * heap and a quick-start JIT setting, written to a java {@code @argfile} so that supervisord's command line stays
 * short.
 *
 * <p>System properties: {@code it.node.jvmArgs} adds JVM options (space separated); {@code it.node.classpath}
 * replaces the classpath (e.g. {@code cluster-node/target/dist/lib/*} plus the modules' {@code target/classes}).
 */
public final class NodeCommand {

    public static final String MAIN_CLASS = "org.supvisors.node.Main";
    static final List<String> JVM_OPTIONS = List.of("-Xmx256m", "-Xss512k", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.net.preferIPv4Stack=true");

    private NodeCommand() {
    }

    /**
     * The node as users run it: the distribution's launcher (with its class-data archive) when the build made it,
     * unless {@code it.node.classpath} or {@code it.node.jvmArgs} ask for a JVM of the test's own; otherwise
     * {@code java @dir/node-jvm.args Main args...}.
     */
    public static List<String> create(Path dir, List<String> nodeArgs) {
        Path launcher = distLauncher();
        if (launcher != null) {
            List<String> cmd = new ArrayList<>();
            cmd.add(launcher.toString());
            cmd.addAll(nodeArgs);
            return cmd;
        }
        return javaCommand(dir, nodeArgs);
    }

    /** {@code cluster-node/target/dist/bin/supvisors-node}, or {@code it.node.dist}; null when absent or overridden. */
    static Path distLauncher() {
        if (!System.getProperty("it.node.classpath", "").isBlank() || !System.getProperty("it.node.jvmArgs", "").isBlank()) {
            return null;
        }
        String dist = System.getProperty("it.node.dist", "../cluster-node/target/dist");
        Path launcher = Path.of(dist, "bin", "supvisors-node").toAbsolutePath().normalize();
        return Files.isExecutable(launcher) ? launcher : null;
    }

    /** Writes {@code dir/node-jvm.args} and returns {@code java @dir/node-jvm.args Main args...}. */
    static List<String> javaCommand(Path dir, List<String> nodeArgs) {
        Path argFile = dir.resolve("node-jvm.args");
        List<String> lines = new ArrayList<>(JVM_OPTIONS);
        String extra = System.getProperty("it.node.jvmArgs", "").trim();
        if (!extra.isEmpty()) {
            lines.addAll(Arrays.asList(extra.split("\\s+")));
        }
        lines.add("-cp");
        lines.add(quote(nodeClasspath()));
        try {
            Files.writeString(argFile, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(javaExecutable());
        cmd.add("@" + argFile.toAbsolutePath());
        cmd.add(MAIN_CLASS);
        cmd.addAll(nodeArgs);
        return cmd;
    }

    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * The test classpath without this module's own test classes (so that no test resource can change the node's
     * configuration). Surefire publishes the real classpath in {@code surefire.test.class.path}; in an IDE it is
     * {@code java.class.path}.
     */
    static String nodeClasspath() {
        String override = System.getProperty("it.node.classpath", "").trim();
        if (!override.isEmpty()) {
            return override;
        }
        String cp = System.getProperty("surefire.test.class.path");
        if (cp == null || cp.isBlank()) {
            cp = System.getProperty("java.class.path");
        }
        String own = ownLocation();
        return Arrays.stream(cp.split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .filter(entry -> own == null || !Path.of(entry).toAbsolutePath().normalize().toString().equals(own))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String ownLocation() {
        try {
            return Path.of(NodeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize().toString();
        } catch (URISyntaxException | RuntimeException e) {
            return null;
        }
    }

    private static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
