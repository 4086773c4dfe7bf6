package org.supvisors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.StartingStrategy;

/** Instances discovered after the rules were loaded: the directory grows, in arrival order, and never forgets. */
class InstanceDirectoryTest {

  private static final InstanceDirectory START = new InstanceDirectory(List.of("a", "b"), Map.of("a", Set.of("hmi")));

  @Test
  void aDirectoryThatAddsNothingLeavesTheSameObject() {
    assertSame(START, START.union(InstanceDirectory.of("b", "a")));
    assertSame(START, START.union(new InstanceDirectory(List.of("a"), Map.of("a", Set.of("hmi")))));
    assertSame(START, START.union(InstanceDirectory.of()));
  }

  @Test
  void newInstancesComeAfterTheKnownOnesWithTheirStereotypes() {
    InstanceDirectory grown = START.union(new InstanceDirectory(List.of("c", "a"), Map.of("c", Set.of("gpu"))));
    assertEquals(List.of("a", "b", "c"), grown.identifiers());
    assertEquals(List.of("c"), grown.filter(List.of("gpu")));
    assertEquals(List.of("a"), grown.filter(List.of("hmi")));
  }

  @Test
  void aStereotypeLearntLaterForAKnownInstanceIsAdded() {
    InstanceDirectory grown = START.union(new InstanceDirectory(List.of("b"), Map.of("b", Set.of("hmi", "gpu"))));
    assertEquals(List.of("a", "b"), grown.identifiers());
    assertEquals(List.of("a", "b"), grown.filter(List.of("hmi")));
    assertEquals(List.of("b"), grown.filter(List.of("gpu")));
  }

  @Test
  void instancesMissingFromALaterViewAreKept() {
    InstanceDirectory grown = START.union(InstanceDirectory.of("c"));
    assertEquals(List.of("a", "b", "c"), grown.identifiers());
    assertEquals(List.of("a", "b", "c"), grown.filter(List.of("*")));
  }

  @Test
  void rulesNamingTheStereotypeOfALateInstanceDesignateItOnceLearnt() {
    RulesFiles files = RulesLoader.fromString("late.xml", """
        <root><application name="app"><start_sequence>1</start_sequence><programs>
          <program name="probe"><identifiers>special</identifiers><start_sequence>1</start_sequence></program>
        </programs></application></root>""");
    Rules rules = Rules.resolve(files, START, StartingStrategy.CONFIG);
    List<String> written = rules.programRules("app", "probe").identifiers();
    assertEquals(List.of(), rules.instancesOf(written));

    assertSame(rules, rules.learning(InstanceDirectory.of("a", "b")));
    Rules learnt = rules.learning(new InstanceDirectory(List.of("a", "b", "late"), Map.of("late", Set.of("special"))));
    assertEquals(List.of("special"), learnt.programRules("app", "probe").identifiers(), "kept as written");
    assertEquals(List.of("late"), learnt.instancesOf(written));
    assertEquals(List.of("a", "b", "late"), learnt.directory().identifiers());
  }
}
