package org.supvisors.rules;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.supvisors.protocol.StartingStrategy;

/** Loading helpers for tests: rules from the test resources or from text. */
final class TestRules {

  private TestRules() {}

  static String resource(String name) {
    try (InputStream in = TestRules.class.getResourceAsStream("manual/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static RulesFiles files(String resourceName) {
    return RulesLoader.fromString(resourceName, resource(resourceName));
  }

  static Rules rules(String resourceName, String... identifiers) {
    return Rules.resolve(files(resourceName), InstanceDirectory.of(identifiers), StartingStrategy.CONFIG);
  }

  static Rules fromXml(String xml, String... identifiers) {
    return Rules.resolve(RulesLoader.fromString("test.xml", xml), InstanceDirectory.of(identifiers), StartingStrategy.CONFIG);
  }

  static List<RulesError> errorsOnly(List<RulesError> problems) {
    return problems.stream().filter(RulesError::isError).toList();
  }
}
