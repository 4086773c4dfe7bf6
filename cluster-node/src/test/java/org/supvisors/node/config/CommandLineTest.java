package org.supvisors.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CommandLineTest {

  @Test
  void parsesEveryArgument() {
    CommandLine cli = CommandLine.parse("--config", "node.conf", "--supervisord-conf=etc/supervisord.conf",
        "--identifier", "supv-01", "--listener");
    assertEquals(new CommandLine(Optional.of("node.conf"), Optional.of("etc/supervisord.conf"),
        Optional.of("supv-01"), Optional.of(NodeMode.LISTENER), false), cli);
  }

  @Test
  void nothingIsNeeded() {
    assertEquals(new CommandLine(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), false),
        CommandLine.parse());
  }

  @Test
  void recognizesHelp() {
    assertTrue(CommandLine.parse("--standalone", "--help").help());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      --unknown                              | unknown argument: --unknown
      node.conf                              | unknown argument: node.conf
      --config                               | --config requires a value
      --config --listener                    | --config requires a value
      --config=                              | --config requires a value
      --config a --config b                  | --config given twice
      --identifier                           | --identifier requires a value
      --listener --standalone                | --listener and --standalone are exclusive
      --listener=yes                         | --listener takes no value
      """)
  void refusesBadCommandLines(String args, String expected) {
    ConfigurationException e =
        assertThrows(ConfigurationException.class, () -> CommandLine.parse(args.split(" ")));
    assertTrue(e.getMessage().startsWith(expected + "\n"), e.getMessage());
    assertTrue(e.getMessage().contains("Usage:"), e.getMessage());
  }
}
