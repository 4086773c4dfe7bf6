package org.supvisors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.supvisors.protocol.StartingStrategy;

/** Loading: globs, the bad-file policy, and hostile or malformed input. */
class RulesLoaderTest {

  private static final String GOOD = """
      <root>
        <application name="good"><start_sequence>1</start_sequence></application>
      </root>
      """;

  private static RulesError onlyError(RulesFiles files) {
    List<RulesError> errors = files.errors().stream().filter(RulesError::isError).toList();
    assertTrue(errors.size() >= 1, "an error is expected: " + files.errors());
    return errors.get(0);
  }

  @Test
  void notWellFormedXmlIsReportedWithItsPosition() {
    RulesFiles files = RulesLoader.fromString("bad.xml", "<root>\n  <application name=\"x\">\n</root>\n");
    RulesError error = onlyError(files);
    assertEquals("bad.xml", error.file());
    assertEquals(3, error.line());
    assertTrue(error.column() > 0);
    assertTrue(error.message().startsWith("not well-formed XML"), error.message());
    assertEquals(List.of("bad.xml"), files.skippedFiles());
  }

  @Test
  void oneBadFileDoesNotDropTheOthers() {
    Map<String, String> contents = new LinkedHashMap<>();
    contents.put("a.xml", GOOD);
    contents.put("b.xml", "<root><application name=\"broken\"></root>");
    contents.put("c.xml", "<root><application name=\"other\"/></root>");
    RulesFiles files = RulesLoader.fromStrings(contents);
    assertEquals(List.of("a.xml", "c.xml"), files.loadedFiles());
    assertEquals(List.of("b.xml"), files.skippedFiles());
    Rules rules = Rules.resolve(files, InstanceDirectory.of("a"), StartingStrategy.CONFIG);
    assertTrue(rules.isManaged("good"));
    assertTrue(rules.isManaged("other"));
    assertFalse(rules.isManaged("broken"));
    assertTrue(files.errors().stream().anyMatch(e -> e.file().equals("b.xml") && e.message().contains("file skipped")));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "unknown strategy      | <application name='a'><starting_strategy>FASTEST</starting_strategy></application> | FASTEST",
      "unknown distribution  | <application name='a'><distribution>EVERYWHERE</distribution></application>     | EVERYWHERE",
      "unknown running fail. | <model name='m'><running_failure_strategy>PANIC</running_failure_strategy></model> | PANIC",
      "expected_loading 101  | <model name='m'><expected_loading>101</expected_loading></model>               | 101",
      "expected_loading -1   | <model name='m'><expected_loading>-1</expected_loading></model>                | -1",
      "start_sequence 128    | <application name='a'><start_sequence>128</start_sequence></application>       | 128",
      "start_sequence text   | <application name='a'><start_sequence>first</start_sequence></application>     | first",
      "boolean yes           | <model name='m'><required>yes</required></model>                              | yes",
      "element twice         | <model name='m'><required>true</required><required>false</required></model>   | required",
      "unknown element       | <model name='m'><priority>1</priority></model>                                | priority",
      "wrong root            | <rules/>                                                                       | rules",
      "alias without name    | <alias>a,b</alias>                                                             | name",
  })
  void schemaViolationsAreClearErrors(String label, String xml, String culprit) {
    String document = xml.startsWith("<rules") ? xml : "<root>\n" + xml + "\n</root>";
    RulesFiles files = RulesLoader.fromString("v.xml", document);
    RulesError error = onlyError(files);
    assertTrue(error.message().contains(culprit), error.toString());
    assertTrue(error.line() > 0 && error.column() > 0, error.toString());
    assertEquals(List.of("v.xml"), files.skippedFiles());
  }

  @Test
  void elementsInAnyOrderAndSurroundingBlanksAreAccepted() {
    Rules rules = TestRules.fromXml("""
        <root>
          <application name="a">
            <programs><program name="p"><expected_loading> 7 </expected_loading><start_sequence>2</start_sequence></program></programs>
            <starting_strategy>  LESS_LOADED </starting_strategy>
            <start_sequence>1</start_sequence>
          </application>
        </root>
        """, "x");
    assertEquals(List.of(), rules.problems());
    assertEquals(StartingStrategy.LESS_LOADED, rules.applicationRules("a").startingStrategy());
    assertEquals(7, rules.programRules("a", "p").expectedLoading());
  }

  @Test
  void xxePayloadIsRefusedAndNeverExpanded(@TempDir Path dir) throws IOException {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "TOP-SECRET");
    String xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE root [<!ENTITY xxe SYSTEM \"" + secret.toUri() + "\">]>\n"
        + "<root><alias name=\"a\">&xxe;</alias></root>";
    RulesFiles files = RulesLoader.fromString("xxe.xml", xml);
    RulesError error = onlyError(files);
    assertTrue(error.message().contains("DOCTYPE"), error.message());
    assertEquals(2, error.line());
    assertFalse(files.errors().toString().contains("TOP-SECRET"));
    assertEquals(List.of("xxe.xml"), files.skippedFiles());
  }

  @Test
  void entityExpansionBombIsRefused() {
    String xml = "<?xml version=\"1.0\"?><!DOCTYPE root [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;\">]>"
        + "<root><alias name=\"x\">&b;</alias></root>";
    assertTrue(onlyError(RulesLoader.fromString("bomb.xml", xml)).message().contains("DOCTYPE"));
  }

  @Test
  void unusableElementsAreReportedAndTheRestOfTheFileKept() {
    RulesFiles files = RulesLoader.fromString("e.xml", """
        <root>
          <application><start_sequence>1</start_sequence></application>
          <application pattern="([a-z"><start_sequence>1</start_sequence></application>
          <application name="kept"><start_sequence>3</start_sequence></application>
          <model pattern="m"/>
        </root>
        """);
    assertEquals(List.of("e.xml"), files.loadedFiles());
    List<RulesError> errors = files.errors().stream().filter(RulesError::isError).toList();
    assertEquals(3, errors.size(), errors.toString());
    assertEquals(2, errors.get(0).line());
    assertTrue(errors.get(0).message().contains("needs a name or a pattern"));
    assertTrue(errors.get(1).message().contains("not a valid regular expression"));
    assertTrue(errors.get(2).message().contains("<model> without a name"));
    Rules rules = Rules.resolve(files, InstanceDirectory.of("x"), StartingStrategy.CONFIG);
    assertEquals(3, rules.applicationRules("kept").startSequence());
  }

  @Test
  void negativeSequencesAreWarnedAndTheDefaultKept() {
    Rules rules = TestRules.fromXml("""
        <root><application name="a"><start_sequence>-1</start_sequence><stop_sequence>-2</stop_sequence>
          <programs><program name="p"><start_sequence>3</start_sequence><stop_sequence>-5</stop_sequence></program></programs>
        </application></root>
        """, "x");
    assertEquals(0, rules.applicationRules("a").startSequence());
    assertEquals(0, rules.applicationRules("a").stopSequence());
    assertEquals(3, rules.programRules("a", "p").stopSequence(), "falls back to start_sequence");
    assertEquals(3, rules.problems().stream().filter(e -> e.message().contains("is negative")).count());
  }

  @Test
  void obsoleteSyntaxGetsAHint() {
    RulesFiles files = RulesLoader.fromString("old.xml",
        "<root><application name=\"a\"><distributed>false</distributed></application></root>");
    assertTrue(onlyError(files).message().contains("replaced by <distribution>"), onlyError(files).message());
    files = RulesLoader.fromString("old.xml",
        "<root><application name=\"a\"><program name=\"p\"/></application></root>");
    assertTrue(onlyError(files).message().contains("inside <programs>"), onlyError(files).message());
  }

  @Test
  void globsAreExpandedSortedAndDeduplicated(@TempDir Path dir) throws IOException {
    Files.createDirectories(dir.resolve("etc/more"));
    Files.writeString(dir.resolve("etc/b.xml"), "<root><application name=\"b\"/></root>");
    Files.writeString(dir.resolve("etc/a.xml"), "<root><application name=\"a\"/></root>");
    Files.writeString(dir.resolve("etc/more/c.xml"), "<root><application name=\"c\"/></root>");
    Files.writeString(dir.resolve("etc/notes.txt"), "not rules");
    RulesFiles files = RulesLoader.load("etc/*.xml " + dir.resolve("etc/a.xml") + " etc/*/c.xml etc/none*.xml", dir);
    assertEquals(List.of(dir.resolve("etc/a.xml").toString(), dir.resolve("etc/b.xml").toString(),
        dir.resolve("etc/more/c.xml").toString()), files.loadedFiles());
    assertTrue(files.errors().stream().anyMatch(e -> e.file().equals("etc/none*.xml") && !e.isError()));
  }

  @Test
  void noFileAtAllMeansEveryApplicationIsUnmanaged(@TempDir Path dir) {
    RulesFiles files = RulesLoader.load("", dir);
    assertTrue(files.loadedFiles().isEmpty());
    assertTrue(files.errors().get(0).message().contains("unmanaged"));
    assertFalse(Rules.resolve(files, InstanceDirectory.of("x"), StartingStrategy.CONFIG).isManaged("anything"));
  }

  @Test
  void unreadableFileIsReported(@TempDir Path dir) {
    RulesFiles files = RulesLoader.loadFiles(List.of(dir.resolve("missing.xml")));
    assertTrue(onlyError(files).message().contains("cannot read"));
  }

  @Test
  void laterFilesOverrideAsDocumented() {
    Map<String, String> contents = new LinkedHashMap<>();
    contents.put("1.xml", """
        <root><alias name="s">x</alias><model name="m"><expected_loading>1</expected_loading></model>
        <application name="app"><start_sequence>1</start_sequence></application>
        <application pattern="p_"><start_sequence>1</start_sequence></application>
        <application pattern="p"><start_sequence>5</start_sequence></application></root>
        """);
    contents.put("2.xml", """
        <root><alias name="s">y</alias><model name="m"><expected_loading>2</expected_loading></model>
        <application name="app"><start_sequence>2</start_sequence>
          <programs><program name="q"><reference>m</reference><identifiers>s</identifiers></program></programs></application>
        <application pattern="p_"><start_sequence>9</start_sequence></application></root>
        """);
    Rules rules = Rules.resolve(RulesLoader.fromStrings(contents), InstanceDirectory.of("x", "y"), StartingStrategy.CONFIG);
    assertEquals(1, rules.applicationRules("app").startSequence(), "the first exact name wins");
    assertEquals(9, rules.applicationRules("p_1").startSequence(), "a repeated pattern replaces the earlier one");
    assertTrue(rules.problems().stream().filter(e -> !e.isError()).count() >= 4);
  }
}
