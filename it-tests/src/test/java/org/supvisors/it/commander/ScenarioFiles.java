package org.supvisors.it.commander;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The configurations of the manual's scenarios in the repository's {@code conf/scenario-N} directories (system
 * property {@code it.conf}, default {@code ../conf} from the it-tests module): the tests load the same rules
 * files and program definitions as a user starting them by hand.
 */
final class ScenarioFiles {

    private ScenarioFiles() {
    }

    static Path dir(String scenario) {
        return Path.of(System.getProperty("it.conf", "../conf")).resolve(scenario).toAbsolutePath().normalize();
    }

    static String read(String scenario, String relativePath) {
        Path file = dir(scenario).resolve(relativePath);
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** The files joined as one block of supervisord sections. */
    static String readAll(String scenario, String... relativePaths) {
        List<String> parts = new ArrayList<>();
        for (String p : relativePaths) {
            parts.add(read(scenario, p).strip());
        }
        return String.join("\n\n", parts) + "\n";
    }
}
