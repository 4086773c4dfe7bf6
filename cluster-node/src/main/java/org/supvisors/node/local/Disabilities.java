package org.supvisors.node.local;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.node.config.ConfigurationException;

/**
 * The programs of this node that are disabled: a disabled program's processes cannot be started.
 * Persisted as Supvisors does in {@code disabilities_file}: one JSON object mapping every program
 * name of the local supervisord to whether it is disabled, for example
 * {@code {"converter": true, "web": false}}; read at node start, written at each change and once the
 * programs are known (programs not yet in the file are added as enabled). Without the option the
 * disabilities live in memory only.
 *
 * <p>Thread-safe: {@link #isDisabled} is read by the driver on its own thread without waiting;
 * the writing methods do file I/O and must run off the actors' threads. A change is kept only once
 * it is written.
 */
public final class Disabilities {

  private static final Logger LOG = LoggerFactory.getLogger(Disabilities.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Path file;
  private volatile Map<String, Boolean> programs;

  private Disabilities(Path file, Map<String, Boolean> programs) {
    this.file = file;
    this.programs = programs;
  }

  /** No persistence: everything enabled until told otherwise. */
  public static Disabilities inMemory() {
    return new Disabilities(null, Map.of());
  }

  /**
   * Reads the file when it exists; none means no persistence (warned, as Supvisors does).
   *
   * @throws ConfigurationException when the file exists and is not such a JSON object: the node
   *     does not start rather than silently enable the disabled programs and overwrite the file
   */
  public static Disabilities load(Optional<Path> file) {
    if (file.isEmpty()) {
      LOG.warn("disabilities_file not set: program disabilities are not persisted");
      return inMemory();
    }
    Path path = file.get();
    if (!Files.exists(path)) {
      return new Disabilities(path, Map.of());
    }
    try {
      Map<String, Boolean> read = JSON.readValue(path.toFile(), new TypeReference<TreeMap<String, Boolean>>() {});
      if (read == null || read.containsValue(null)) {
        throw new IOException("a JSON object of booleans is expected");
      }
      return new Disabilities(path, Map.copyOf(read));
    } catch (IOException e) {
      throw new ConfigurationException("disabilities_file: cannot read \"" + path + "\": " + e.getMessage(), e);
    }
  }

  public Optional<Path> file() {
    return Optional.ofNullable(file);
  }

  public boolean isDisabled(String programName) {
    return programs.getOrDefault(programName, false);
  }

  /** Writes then keeps the new flag of a program. */
  public synchronized void set(String programName, boolean disabled) throws IOException {
    Map<String, Boolean> next = new TreeMap<>(programs);
    next.put(programName, disabled);
    save(next);
  }

  /**
   * Adds the programs of the local supervisord that are not known yet, as enabled, and writes the
   * file if anything was added or if it does not exist yet (Supvisors writes it at start).
   */
  public synchronized void register(Collection<String> programNames) throws IOException {
    Map<String, Boolean> next = new TreeMap<>(programs);
    programNames.forEach(p -> next.putIfAbsent(p, false));
    if (next.size() > programs.size() || file != null && !Files.exists(file)) {
      save(next);
    }
  }

  private void save(Map<String, Boolean> next) throws IOException {
    if (file != null) {
      Path folder = file.toAbsolutePath().getParent();
      Path temp = Files.createTempFile(folder, ".disabilities-", ".json");
      try {
        Files.write(temp, JSON.writeValueAsBytes(next));
        // A temporary file is private; the file itself is as readable as any file supervisord writes.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } finally {
        Files.deleteIfExists(temp);
      }
    }
    programs = Map.copyOf(next);
  }
}
