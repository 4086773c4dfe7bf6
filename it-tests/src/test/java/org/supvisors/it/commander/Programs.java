package org.supvisors.it.commander;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.supvisors.it.harness.ClusterSpec;

/**
 * Small test programs, one shell script written in every instance directory ({@code bin/prog.sh}), that note
 * what happens to them in a journal shared by all instances: {@code <epoch nanoseconds> <event> <name>} lines,
 * events {@code start}, {@code term} (SIGTERM received) and {@code exit}. The shared directory reaches the programs
 * through the {@code IT_SHARED_DIR} variable of the {@code [supervisord]} environment.
 *
 * <p>Modes: {@code run [DELAY]} runs until SIGTERM, then exits 0 after DELAY seconds; {@code exit SECONDS} exits 0
 * after that time; {@code fail} exits 1 at once; {@code gate FILE} exits 0 once {@code IT_SHARED_DIR/FILE}
 * exists; {@code args FILE} writes its arguments after FILE, one a line, to {@code IT_SHARED_DIR/FILE}, then runs.
 */
final class Programs {

    static final String SCRIPT = """
            #!/bin/sh
            # prog.sh NAME MODE [ARG [EXTRA...]]: a test program noting its life in $IT_SHARED_DIR/journal.
            name="$1"; mode="$2"; arg="$3"
            journal="${IT_SHARED_DIR:?IT_SHARED_DIR is not set}/journal"
            note() { echo "$(date +%s%N) $1 $name" >> "$journal"; }
            note start
            child=""
            trap 'note term; [ -n "$child" ] && kill "$child" 2>/dev/null; sleep "${delay:-0}"; note exit; exit 0' TERM
            case "$mode" in
              run)
                delay="${arg:-0}" ;;
              exit)
                sleep "$arg"; note exit; exit 0 ;;
              fail)
                note exit; exit 1 ;;
              gate)
                while [ ! -e "$IT_SHARED_DIR/$arg" ]; do sleep 0.1; done
                note exit; exit 0 ;;
              args)
                shift 3
                printf '%s\\n' "$@" > "$IT_SHARED_DIR/$arg.tmp" && mv "$IT_SHARED_DIR/$arg.tmp" "$IT_SHARED_DIR/$arg" ;;
              *)
                echo "unknown mode $mode" >&2; exit 2 ;;
            esac
            sleep 100000 &
            child=$!
            wait "$child"
            """;

    private Programs() {
    }

    /** A directory shared by the instances of one cluster (under the integration work directory). */
    static Path sharedDir(String name) {
        try {
            Path base = Path.of(System.getProperty("it.workdir", "target/it-work")).toAbsolutePath().normalize();
            Files.createDirectories(base);
            return Files.createTempDirectory(base, "shared-" + name + "-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The script in every instance and {@code IT_SHARED_DIR} in every supervisord's environment. */
    static ClusterSpec install(ClusterSpec spec, Path shared) {
        return spec.file("bin/prog.sh", SCRIPT)
                .supervisordOption("environment", "IT_SHARED_DIR=\"" + shared + "\"");
    }

    /** A {@code [program:name]} section running {@code prog.sh name mode args...}; see {@link Program#set}. */
    static Program program(String name, String mode, String... args) {
        return new Program(name, mode, List.of(args));
    }

    static String group(String name, String... programs) {
        return "[group:" + name + "]\nprograms=" + String.join(",", programs) + "\n";
    }

    /** One program section: not autostarted, no autorestart, startsecs=1, stopwaitsecs=5 unless set otherwise. */
    static final class Program {
        private final String name;
        private final Map<String, String> options = new LinkedHashMap<>();

        private Program(String name, String mode, List<String> args) {
            this.name = name;
            StringBuilder command = new StringBuilder("sh %(here)s/bin/prog.sh ").append(name).append(' ').append(mode);
            args.forEach(a -> command.append(' ').append(a));
            options.put("command", command.toString());
            options.put("autostart", "false");
            options.put("autorestart", "false");
            options.put("startsecs", "1");
            options.put("startretries", "0");
            options.put("stopwaitsecs", "5");
        }

        /** Sets (replaces) an option of the section. */
        Program set(String option, Object value) {
            options.put(option, String.valueOf(value));
            return this;
        }

        /** Runs the command through another program first (e.g. a launcher that appends arguments). */
        Program through(String launcher) {
            options.put("command", launcher + " " + options.get("command"));
            return this;
        }

        @Override
        public String toString() {
            StringBuilder s = new StringBuilder("[program:").append(name).append("]\n");
            options.forEach((k, v) -> s.append(k).append('=').append(v).append('\n'));
            return s.toString();
        }
    }
}
