package org.supvisors.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.supvisors.node.cluster.FormationRule.Decision.JOIN_SELF;
import static org.supvisors.node.cluster.FormationRule.Decision.KEEP_PROBING;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormationRuleTest {

  private static final Duration STABLE = Duration.ofSeconds(3);
  private static final Duration MINORITY = Duration.ofSeconds(15);
  private static final FormationRule THREE =
      new FormationRule(Set.of("supv-01", "supv-02", "supv-03"), List.of(), STABLE, MINORITY);

  @ParameterizedTest(name = "{0} hearing [{1}] stable for {2} s: {3}")
  @CsvSource({
      // Everyone answers: the first in election order forms at once, the others wait to join it.
      "supv-01, supv-01 supv-02 supv-03, 0, JOIN_SELF",
      "supv-02, supv-01 supv-02 supv-03, 0, KEEP_PROBING",
      "supv-03, supv-01 supv-02 supv-03, 60, KEEP_PROBING",
      // A majority answers: the first of them forms once the picture is stable.
      "supv-02, supv-02 supv-03, 0, KEEP_PROBING",
      "supv-02, supv-02 supv-03, 2, KEEP_PROBING",
      "supv-02, supv-02 supv-03, 3, JOIN_SELF",
      "supv-03, supv-02 supv-03, 3, KEEP_PROBING",
      // Alone (a minority): only after the minority margin, so that late JVMs are waited for.
      "supv-02, supv-02, 3, KEEP_PROBING",
      "supv-02, supv-02, 14, KEEP_PROBING",
      "supv-02, supv-02, 15, JOIN_SELF",
      // Itself missing from what it hears (its own probe not answered yet): counted all the same.
      "supv-01, supv-02 supv-03, 0, JOIN_SELF",
  })
  void electsTheFirstAnsweringInstance(String self, String answering, int stableSeconds, FormationRule.Decision expected) {
    assertEquals(expected, THREE.decide(self, Set.of(answering.split(" ")), Duration.ofSeconds(stableSeconds)));
  }

  @Test
  void coreInstancesComeFirst() {
    FormationRule rule = new FormationRule(Set.of("a", "b", "c"), List.of("c"), STABLE, MINORITY);
    assertEquals(JOIN_SELF, rule.decide("c", Set.of("a", "b", "c"), Duration.ZERO));
    assertEquals(KEEP_PROBING, rule.decide("a", Set.of("a", "b", "c"), Duration.ofMinutes(1)));
  }

  @Test
  void unknownInstancesAreIgnored() {
    assertEquals(JOIN_SELF, THREE.decide("supv-01", Set.of("other", "supv-01", "supv-02", "supv-03"), Duration.ZERO));
  }

  @Test
  void aSingleListedInstanceFormsAtOnce() {
    FormationRule alone = new FormationRule(Set.of("solo"), List.of(), STABLE, MINORITY);
    assertEquals(JOIN_SELF, alone.decide("solo", Set.of(), Duration.ZERO));
  }
}
