package org.supvisors.node.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.supvisors.node.config.ConfigurationException;

class DisabilitiesTest {

  @TempDir Path dir;

  private Map<?, ?> json(Path file) throws Exception {
    return new ObjectMapper().readValue(file.toFile(), Map.class);
  }

  @Test
  void changesAreWrittenAsSupvisorsJsonAndReadBack() throws Exception {
    Path file = dir.resolve("disabilities.json");
    Disabilities disabilities = Disabilities.load(Optional.of(file));
    assertFalse(disabilities.isDisabled("web"));
    disabilities.register(List.of("web", "converter"));
    assertEquals(Map.of("web", false, "converter", false), json(file));
    disabilities.set("converter", true);
    assertTrue(disabilities.isDisabled("converter"));
    assertEquals(Map.of("web", false, "converter", true), json(file));

    Disabilities reloaded = Disabilities.load(Optional.of(file));
    assertTrue(reloaded.isDisabled("converter"));
    assertFalse(reloaded.isDisabled("web"));
    // Known programs keep their flag when registered again.
    reloaded.register(List.of("converter", "batch"));
    assertEquals(Map.of("web", false, "converter", true, "batch", false), json(file));
  }

  @Test
  void aFileWrittenBySupvisorsIsRead() throws Exception {
    Path file = dir.resolve("d.json");
    Files.writeString(file, "{\"movie_server\": true, \"register\": false}");
    Disabilities disabilities = Disabilities.load(Optional.of(file));
    assertTrue(disabilities.isDisabled("movie_server"));
    assertFalse(disabilities.isDisabled("register"));
  }

  @Test
  void anUnreadableFileStopsTheNode() throws Exception {
    Path file = dir.resolve("d.json");
    Files.writeString(file, "[1, 2");
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> Disabilities.load(Optional.of(file)));
    assertTrue(e.getMessage().startsWith("disabilities_file: cannot read"), e.getMessage());
    Files.writeString(file, "{\"a\": null}");
    assertThrows(ConfigurationException.class, () -> Disabilities.load(Optional.of(file)));
  }

  @Test
  void withoutFileTheyLiveInMemory() throws Exception {
    Disabilities disabilities = Disabilities.load(Optional.empty());
    disabilities.set("web", true);
    assertTrue(disabilities.isDisabled("web"));
    assertEquals(Optional.empty(), disabilities.file());
    try (var listing = Files.list(dir)) {
      assertEquals(0, listing.count());
    }
  }
}
