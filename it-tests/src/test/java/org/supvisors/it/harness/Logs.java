package org.supvisors.it.harness;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.stream.Stream;

/** Prints the tails of log files (used when a test fails). */
public final class Logs {

    public static final int TAIL_LINES = 150;

    private Logs() {
    }

    public static void printTail(Path file, PrintStream out) {
        out.println("----- " + file + " (last " + TAIL_LINES + " lines) -----");
        if (!Files.isRegularFile(file)) {
            out.println("(missing)");
            return;
        }
        Deque<String> tail = new ArrayDeque<>();
        try (Stream<String> lines = Files.lines(file, StandardCharsets.ISO_8859_1)) {
            lines.forEach(line -> {
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            });
        } catch (IOException | java.io.UncheckedIOException e) {
            out.println("(unreadable: " + e.getMessage() + ")");
            return;
        }
        tail.forEach(out::println);
    }
}
