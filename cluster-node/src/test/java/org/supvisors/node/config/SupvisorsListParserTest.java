package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.supvisors.node.config.SupvisorsListParser.Item;

class SupvisorsListParserTest {

  /** The manual's table (2.1.1) and the item table of the compatibility notes. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', textBlock = """
      <supervisor_01>10.0.0.1:8888: | supervisor_01
      <supervisor_01>10.0.0.1       | supervisor_01
      10.0.0.1                      | 10.0.0.1
      10.0.0.1:8888:8889            | 10.0.0.1:8888
      host                          | host
      host:62000:                   | host:62000
      host::63001                   | host
      host:62000:62005              | host:62000
      <sv9>host                     | sv9
      <supervisor>host:62000:       | host:62000
      <supervisor>host              | host
      <a:b-c>host.domain-1          | a:b-c
      cliché83:60000:60001          | cliché83:60000
      host::                        | host
      """)
  void deducesNames(String item, String expected) {
    assertEquals(expected, SupvisorsListParser.parse(item).deducedName());
  }

  @Test
  void parsesEveryPart() {
    assertEquals(new Item("<sv1>rocky51:61000:61005", Optional.of("sv1"), "rocky51", OptionalInt.of(61000),
        OptionalInt.of(61005)), SupvisorsListParser.parse("<sv1>rocky51:61000:61005"));
    assertEquals(new Item("rocky51::61005", Optional.empty(), "rocky51", OptionalInt.empty(),
        OptionalInt.of(61005)), SupvisorsListParser.parse("rocky51::61005"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"host:60000", "host:600:", "host:600000:", "host::123", "<>host", "<sv>", "host name",
      "host:60000:60001:60002", "http://host", "<sv1>host:60000:x", "host:99999:"})
  void refusesItemsOutOfTheGrammar(String item) {
    ConfigurationException e = assertThrows(ConfigurationException.class, () -> SupvisorsListParser.parse(item));
    assertTrue(e.getMessage().startsWith("could not define a Supvisors identification from \"" + item + "\""),
        e.getMessage());
  }

  @Test
  void refusesDuplicateDeducedNames() {
    ConfigurationException e = assertThrows(ConfigurationException.class,
        () -> SupvisorsListParser.parseAll(List.of("<a>rocky51", "<a>rocky52")));
    assertTrue(e.getMessage().contains("duplicate Supvisors identifier in supvisors_list: \"a\""), e.getMessage());
  }

  @Test
  void keepsDeclarationOrder() {
    assertEquals(List.of("rocky52", "a", "rocky51:61000"), SupvisorsListParser
        .parseAll(List.of("rocky52", "<a>rocky53", "rocky51:61000:")).stream().map(Item::deducedName).toList());
  }
}
