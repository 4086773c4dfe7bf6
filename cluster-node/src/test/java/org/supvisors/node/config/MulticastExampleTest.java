package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The example of conf/multicast loads as documented: discovery mode alone, each instance at its own address. */
class MulticastExampleTest {

  private static final Path EXAMPLE = Path.of("..", "conf", "multicast").toAbsolutePath().normalize();

  @ParameterizedTest
  @CsvSource({"supv-01, 10.0.0.11, server", "supv-02, 10.0.0.12, server", "supv-03, 10.0.0.13, ''"})
  void eachFileIsOneInstanceAloneInDiscoveryMode(String identifier, String address, String stereotypes) {
    Path file = EXAMPLE.resolve(identifier + ".conf");
    assertTrue(Files.isRegularFile(file), file + " missing");
    NodeSettings settings = new NodeSettingsLoader(Map.of(), new InetHostResolver(), EXAMPLE)
        .loadSettings("--supervisord-conf", file.toString());
    assertTrue(settings.options().discoveryMode());
    assertEquals(List.of(), settings.options().supvisorsList());
    assertEquals(new InstanceAddress(identifier, address, 61000, 61001, 61003, address), settings.local());
    assertEquals(List.of(settings.local()), settings.instances());
    assertEquals(stereotypes.isEmpty() ? Set.of() : Set.of(stereotypes), settings.options().stereotypes());
    assertEquals(List.of(EXAMPLE.resolve("rules.xml")), settings.options().rulesFiles());
  }
}
