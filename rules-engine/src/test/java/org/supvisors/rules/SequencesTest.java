package org.supvisors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Start and stop sequences of processes and applications. */
class SequencesTest {

  private final Rules rules = TestRules.fromXml("""
      <root>
        <application name="app"><start_sequence>2</start_sequence><programs>
          <program name="db"><start_sequence>1</start_sequence></program>
          <program name="cache"><start_sequence>1</start_sequence><stop_sequence>3</stop_sequence></program>
          <program name="web"><start_sequence>2</start_sequence></program>
          <program name="tool"><start_sequence>0</start_sequence></program>
        </programs></application>
        <application name="first"><start_sequence>1</start_sequence><stop_sequence>9</stop_sequence></application>
        <application name="manual"/>
      </root>""", "x");

  private List<ProcessRules> processes() {
    return List.of("web", "db", "cache", "tool").stream().map(p -> rules.programRules("app", p)).toList();
  }

  @Test
  void startSequenceSkipsRankZeroAndGoesUp() {
    StartSequence<ProcessRules> start = StartSequence.ofApplication(processes());
    assertEquals(List.of(1, 2), start.stages().stream().map(Stage::rank).toList());
    assertEquals(List.of("db", "cache"), start.stages().get(0).members().stream().map(ProcessRules::processName).toList());
    assertEquals(List.of("db", "cache", "web"), start.flatten().stream().map(ProcessRules::processName).toList());
  }

  @Test
  void stopSequenceDefaultsToStartSequenceAndGoesDown() {
    StopSequence<ProcessRules> stop = StopSequence.ofApplication(processes());
    assertEquals(List.of(3, 2, 1, 0), stop.stages().stream().map(Stage::rank).toList());
    assertEquals(List.of("cache", "web", "db", "tool"), stop.flatten().stream().map(ProcessRules::processName).toList());
  }

  @Test
  void globalSequences() {
    List<ApplicationRules> apps = List.of("app", "first", "manual", "unmanaged").stream().map(rules::applicationRules).toList();
    assertEquals(List.of("first", "app"),
        StartSequence.global(apps).flatten().stream().map(ApplicationRules::applicationName).toList());
    assertEquals(List.of("first", "app", "manual", "unmanaged"),
        StopSequence.global(apps).flatten().stream().map(ApplicationRules::applicationName).toList());
    assertTrue(StartSequence.global(List.of(rules.applicationRules("manual"))).isEmpty());
  }
}
