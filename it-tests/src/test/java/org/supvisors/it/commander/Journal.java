package org.supvisors.it.commander;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;

/** The journal the {@link Programs} write: one {@code <epoch ns> <event> <name>} line per event. */
final class Journal {

    /** One line of the journal. */
    record Entry(long nanos, String event, String name) {
    }

    private final Path file;

    Journal(Path sharedDir) {
        this.file = sharedDir.resolve("journal");
    }

    List<Entry> entries() {
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Files.readAllLines(file).stream().map(String::trim).filter(l -> !l.isEmpty())
                    .map(l -> l.split(" ", 3)).filter(p -> p.length == 3)
                    .map(p -> new Entry(Long.parseLong(p[0]), p[1], p[2])).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The time of the first {@code event} of program {@code name}, if any. */
    OptionalLong first(String event, String name) {
        return entries().stream().filter(e -> e.event.equals(event) && e.name.equals(name))
                .mapToLong(Entry::nanos).findFirst();
    }

    /** The time of the last {@code event} of program {@code name}, if any. */
    OptionalLong last(String event, String name) {
        return entries().stream().filter(e -> e.event.equals(event) && e.name.equals(name))
                .mapToLong(Entry::nanos).reduce((a, b) -> b);
    }

    long count(String event, String name) {
        return entries().stream().filter(e -> e.event.equals(event) && e.name.equals(name)).count();
    }

    /** The time of the first {@code event} of {@code name}, failing when it never happened. */
    long at(String event, String name) {
        return first(event, name).orElseThrow(() -> new AssertionError("no '" + event + "' of " + name
                + " in the journal: " + entries()));
    }

    @Override
    public String toString() {
        return file + " " + entries();
    }
}
