package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class OptionParsersTest {

  @ParameterizedTest(name = "int({0}) = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      42        | 42
      ' +7 '    | 7
      -3        | -3
      1_000     | 1000
      007       | 7
      """)
  void readsIntegersAsPython(String text, long expected) {
    assertEquals(Optional.of(expected), OptionParsers.pyInt(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "4.0", "1e3", "0x10", "1__0", "_1", "12a", "99999999999999999999"})
  void refusesWhatPythonIntRefuses(String text) {
    assertEquals(Optional.empty(), OptionParsers.pyInt(text));
  }

  @ParameterizedTest(name = "float({0}) = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      5       | 5.0
      2.5     | 2.5
      .5      | 0.5
      5.      | 5.0
      1e2     | 100.0
      1_0.5   | 10.5
      """)
  void readsFloatsAsPython(String text, double expected) {
    assertEquals(Optional.of(expected), OptionParsers.pyFloat(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "5s", "0x1p3", "1d", "inf", "nan", "."})
  void refusesOtherFloats(String text) {
    assertEquals(Optional.empty(), OptionParsers.pyFloat(text));
  }

  @ParameterizedTest(name = "byte_size({0}) = {1}")
  @CsvSource(delimiter = '|', textBlock = """
      1024     | 1024
      1KB      | 1024
      1kb      | 1024
      50MB     | 52428800
      2GB      | 2147483648
      '10 MB'  | 10485760
      -1       | -1
      """)
  void readsByteSizesAsSupervisor(String text, long expected) {
    assertEquals(expected, OptionParsers.byteSize("tail_limit", text));
  }

  @Test
  void refusesOverflowingByteSizes() {
    assertThrows(ConfigurationException.class, () -> OptionParsers.byteSize("tail_limit", "9999999999999GB"));
  }

  @Test
  void keepsEmptyItemsInListOfStringsButNotInNames() {
    assertEquals(List.of("a", "", "b"), OptionParsers.listOfStrings(" a , ,b"));
    assertEquals(List.of(), OptionParsers.listOfStrings(""));
    assertEquals(List.of("a", "b"), OptionParsers.names(" a , ,b,a"));
  }

  @Test
  void rendersPythonLists() {
    assertEquals("['A', 'B']", OptionParsers.pyList(List.of("A", "B")));
  }

  @Test
  void acceptsZeroAsDerivedPort() {
    assertEquals(0, OptionParsers.port("internal_port", "0"));
  }
}
