package org.supvisors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.rules.TestRules.fromXml;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.StartingStrategy;

/** Resolution rules beyond the manual's examples. */
class RulesResolutionTest {

  private static boolean reported(Rules rules, String text) {
    return rules.problems().stream().anyMatch(e -> e.message().contains(text));
  }

  @Test
  void exactNameBeatsAnyPattern() {
    Rules rules = fromXml("""
        <root>
          <application pattern="app_long_name"><start_sequence>2</start_sequence></application>
          <application name="app_long_name_1"><start_sequence>1</start_sequence></application>
        </root>""", "x");
    assertEquals(1, rules.applicationRules("app_long_name_1").startSequence());
  }

  @Test
  void greatestMatchThenFirstDeclared() {
    Rules rules = fromXml("""
        <root>
          <application pattern="p.*"><start_sequence>1</start_sequence></application>
          <application pattern="p_1"><start_sequence>2</start_sequence></application>
          <application pattern="_1x"><start_sequence>3</start_sequence></application>
          <application pattern="q"><start_sequence>4</start_sequence></application>
          <application pattern="[qr]"><start_sequence>5</start_sequence></application>
        </root>""", "x");
    assertEquals(1, rules.applicationRules("p_1x").startSequence(), "p.* matches 4 characters, p_1 only 3");
    assertEquals(4, rules.applicationRules("q").startSequence(), "tie: the first declared");
    assertFalse(rules.isManaged("zzz"));
  }

  @Test
  void programsAreLookedUpInTheMatchedApplicationOnly() {
    Rules rules = fromXml("""
        <root>
          <application name="a"><programs><program name="p"><start_sequence>1</start_sequence></program></programs></application>
          <application name="b"/>
        </root>""", "x");
    assertEquals(1, rules.programRules("a", "p").startSequence());
    assertEquals(0, rules.programRules("b", "p").startSequence());
    assertEquals(List.of("*"), rules.programRules("b", "p").identifiers());
  }

  @Test
  void modelChainStopsAfterTwoModels() {
    Rules rules = fromXml("""
        <root>
          <model name="m3"><wait_exit>true</wait_exit></model>
          <model name="m2"><reference>m3</reference><expected_loading>20</expected_loading><start_sequence>2</start_sequence></model>
          <model name="m1"><reference>m2</reference><expected_loading>10</expected_loading></model>
          <application name="a"><programs>
            <program name="p"><reference>m1</reference><start_sequence>1</start_sequence></program>
            <program name="q"><reference>m2</reference></program>
          </programs></application>
        </root>""", "x");
    ProcessRules p = rules.programRules("a", "p");
    assertEquals(1, p.startSequence(), "the program supersedes its models");
    assertEquals(10, p.expectedLoading(), "m1 supersedes m2");
    assertFalse(p.waitExit(), "m3 is a third model: not loaded");
    assertTrue(reported(rules, "reference to model 'm3' ignored"));
    ProcessRules q = rules.programRules("a", "q");
    assertTrue(q.waitExit(), "program -> m2 -> m3 is within the limit");
    assertEquals(20, q.expectedLoading());
  }

  @Test
  void referenceLoopsAndUnknownModelsAreErrors() {
    Rules rules = fromXml("""
        <root>
          <model name="a"><reference>b</reference><expected_loading>1</expected_loading></model>
          <model name="b"><reference>a</reference><expected_loading>2</expected_loading><start_sequence>4</start_sequence></model>
          <model name="self"><reference>self</reference></model>
          <application name="x"><programs>
            <program name="p"><reference>a</reference></program>
            <program name="q"><reference>nowhere</reference><start_sequence>2</start_sequence></program>
          </programs></application>
        </root>""", "x");
    List<RulesError> errors = TestRules.errorsOnly(rules.problems());
    assertTrue(errors.stream().anyMatch(e -> e.message().contains("reference loop between models: a -> b -> a")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.message().contains("self -> self")), errors.toString());
    assertTrue(errors.stream().anyMatch(e -> e.message().contains("unknown model 'nowhere'")), errors.toString());
    ProcessRules p = rules.programRules("x", "p");
    assertEquals(1, p.expectedLoading());
    assertEquals(4, p.startSequence());
    assertEquals(2, rules.programRules("x", "q").startSequence());
  }

  @Test
  void signsNeedAPatternElement() {
    Rules rules = fromXml("""
        <root>
          <model name="spread"><identifiers>#</identifiers></model>
          <application name="a"><programs>
            <program name="p"><identifiers>#,x</identifiers></program>
            <program name="q"><reference>spread</reference></program>
            <program pattern="r_"><identifiers>#,@,y,x</identifiers></program>
          </programs></application>
        </root>""", "x", "y");
    assertEquals(List.of("*"), rules.programRules("a", "p", 0).identifiers());
    assertEquals(List.of("*"), rules.programRules("a", "q", 0).identifiers());
    assertEquals(2, TestRules.errorsOnly(rules.problems()).stream().filter(e -> e.message().contains("needs a program element with a pattern")).count());
    ProcessRules r = rules.programRules("a", "r_3", 2);
    assertEquals(IdentifierSign.AT, r.sign(), "@ wins over #");
    assertEquals(List.of(), r.identifiers());
    assertTrue(reported(rules, "both # and @"));
  }

  @Test
  void stereotypesAndUnknownNames() {
    RulesFiles files = RulesLoader.fromString("s.xml", """
        <root><application name="a"><programs>
          <program name="p"><identifiers>gpu,cpu1,ghost</identifiers></program>
          <program pattern="w_"><identifiers>#,gpu</identifiers></program>
        </programs></application></root>""");
    InstanceDirectory directory = new InstanceDirectory(List.of("cpu1", "gpu1", "gpu2"), Map.of("gpu1", Set.of("gpu"), "gpu2", Set.of("gpu", "big")));
    Rules rules = Rules.resolve(files, directory, StartingStrategy.CONFIG);
    ProcessRules p = rules.programRules("a", "p");
    assertEquals(List.of("gpu", "cpu1", "ghost"), p.identifiers(), "kept as written, like get_process_rules");
    assertEquals(List.of("gpu1", "gpu2", "cpu1"), rules.instancesOf(p.identifiers()));
    assertTrue(reported(rules, "'ghost' is neither an instance of supvisors_list nor a stereotype: discarded"));
    assertEquals(List.of("gpu2"), rules.programRules("a", "w_2", 1).identifiers());
  }

  @Test
  void requiredNeedsAStartSequence() {
    Rules rules = fromXml("""
        <root><application name="a"><programs><program name="p"><required>true</required></program></programs></application></root>
        """, "x");
    assertFalse(rules.programRules("a", "p").required());
    assertTrue(reported(rules, "required is forced to false"));
  }

  @Test
  void atOnApplicationIsReportedAndLeavesNoInstance() {
    Rules rules = fromXml("""
        <root><application name="a_1"><distribution>SINGLE_INSTANCE</distribution><identifiers>@</identifiers></application></root>
        """, "x");
    assertEquals(List.of(), rules.applicationRules("a_1").identifiers());
    assertTrue(reported(rules, "@ is only meaningful for programs"));
  }

  @Test
  void hashOnApplicationStarUsesTheKnownInstancesAndKeepsUnknownNames() {
    Rules rules = fromXml("""
        <root>
          <application pattern="all_"><distribution>SINGLE_NODE</distribution><identifiers>#</identifiers></application>
          <application pattern="sub_"><distribution>SINGLE_NODE</distribution><identifiers>#,c,ghost</identifiers></application>
        </root>""", "a", "b", "c");
    assertEquals(List.of("b"), rules.applicationRules("all_2").identifiers());
    assertEquals(List.of("ghost"), rules.applicationRules("sub_2").identifiers());
  }

  @Test
  void unmanagedProcessesGetDefaultRules() {
    Rules rules = fromXml("<root/>", "x");
    ProcessRules p = rules.programRules("grp", "proc");
    assertEquals(ProcessRules.defaults("grp", "proc", ApplicationRules.unmanaged("grp", StartingStrategy.CONFIG)), p);
    assertEquals("grp:proc", p.namespec());
    assertEquals("grp", rules.programRules("grp", "grp").namespec());
  }

  @Test
  void defaultStartingStrategyComesFromTheOption() {
    Rules rules = Rules.resolve(RulesLoader.fromString("f.xml", "<root><application name=\"a\"/></root>"),
        InstanceDirectory.of("x"), StartingStrategy.MOST_LOADED_NODE);
    assertEquals(StartingStrategy.MOST_LOADED_NODE, rules.applicationRules("a").startingStrategy());
  }

  @Test
  void wireKeysAndOrder() {
    Rules rules = fromXml("""
        <root><application name="a"><programs><program name="p"><start_sequence>1</start_sequence></program></programs></application></root>
        """, "x");
    assertEquals(List.of("managed", "distribution", "identifiers", "start_sequence", "stop_sequence", "starting_strategy",
        "starting_failure_strategy", "running_failure_strategy", "application_name"),
        List.copyOf(rules.applicationRules("a").toWire().keySet()));
    Map<String, Object> wire = rules.programRules("a", "p").toWire();
    assertEquals(List.of("identifiers", "start_sequence", "stop_sequence", "required", "wait_exit", "expected_loading",
        "starting_failure_strategy", "running_failure_strategy", "application_name", "process_name"), List.copyOf(wire.keySet()));
    assertEquals(List.of("*"), wire.get("identifiers"));
    assertEquals(1, wire.get("stop_sequence"));
    assertEquals("ABORT", wire.get("starting_failure_strategy"));
  }

  @Test
  void discoveredInstancesChangeStar() {
    Rules rules = fromXml("""
        <root><application name="a"><programs><program pattern="w"><identifiers>#</identifiers></program></programs></application></root>
        """, "x");
    assertEquals(List.of("x"), rules.programRules("a", "w_2", 1).identifiers());
    Rules grown = rules.withDirectory(InstanceDirectory.of("x", "y"));
    assertEquals(List.of("y"), grown.programRules("a", "w_2", 1).identifiers());
  }
}
