package org.supvisors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supvisors-rules-check command: output and exit status. */
class RulesCheckTest {

  private record Run(int status, String out, String err) {}

  private static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = RulesCheck.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private static Path write(Path dir, String name, String resource) throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, TestRules.resource(resource));
    return file;
  }

  @Test
  void validRulesPrintTheResolvedRulesAndExitZero(@TempDir Path dir) throws IOException {
    Path file = write(dir, "scenario3.xml", "scenario3.xml");
    Run run = run("--supvisors-list", "server_1,server_2,server_3,<console_1>c1:61000:,console_2,console_3",
        "--process", "scen3_hci_02:scen3_hci_display", file.toString());
    assertEquals(0, run.status(), run.out());
    assertTrue(run.out().contains("application pattern 'scen3_hci'"), run.out());
    assertTrue(run.out().contains("program 'scen3_check_internal_data_bus'"), run.out());
    assertTrue(run.out().contains("instances:   [console_2]"), run.out());
    assertTrue(run.out().contains("0 error(s)"), run.out());
  }

  @Test
  void errorsAreListedWithTheirPositionAndExitOne(@TempDir Path dir) throws IOException {
    write(dir, "a_good.xml", "scenario3.xml");
    write(dir, "b_bad.xml", "scenario2_verbatim.xml");
    Run run = run("--supvisors-list", "server_1", dir.resolve("*.xml").toString());
    assertEquals(1, run.status());
    assertTrue(run.out().contains("b_bad.xml:41:24: error:"), run.out());
    assertTrue(run.out().contains("application 'scen3_srv'"), "the good file is still listed");
    assertTrue(run.out().contains("warning: program 'scen3_common_bus_interface': 'server_2' is neither"), run.out());
  }

  @Test
  void stereotypesAreAccepted(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("s.xml");
    Files.writeString(file, "<root><application name=\"a\"><programs><program name=\"p\"><identifiers>gpu</identifiers>"
        + "</program></programs></application></root>");
    Run run = run("--supvisors-list", "n1,n2", "--stereotypes", "n2=gpu,big", "--process", "a:p", file.toString());
    assertEquals(0, run.status(), run.out());
    assertTrue(run.out().contains("instances:   [n2]"), run.out());
  }

  @Test
  void badUsageExitsTwo() {
    for (List<String> args : List.<List<String>>of(List.of(), List.of("rules.xml"), List.of("--supvisors-list", "a"),
        List.of("--supvisors-list", "a b", "r.xml"), List.of("--supvisors-list", "a", "--process", "noprocess", "r.xml"),
        List.of("--supvisors-list", "a", "--starting-strategy", "FAST", "r.xml"), List.of("--bogus"))) {
      Run run = run(args.toArray(String[]::new));
      assertEquals(2, run.status(), args.toString());
      assertTrue(run.err().contains("usage:"), run.err());
    }
  }

  @Test
  void supvisorsListNames() {
    assertEquals(List.of("sv9", "host:62000", "plain", "h2"),
        SupvisorsList.identifiers("<sv9>host1, <supervisor>host:62000:, plain, plain, h2::63001"));
  }
}
