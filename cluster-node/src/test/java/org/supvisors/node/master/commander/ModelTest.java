package org.supvisors.node.master.commander;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.supvisors.node.cluster.InstanceProfile;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.instance.Instances;
import org.supvisors.protocol.InstanceInfo;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.StateModes;
import org.supvisors.rules.InstanceDirectory;
import org.supvisors.rules.Rules;
import org.supvisors.rules.RulesLoader;

/** The commander's rules follow the instances table: a late instance is placed by the stereotype it declares. */
class ModelTest {

  private static final Rules RULES = Rules.resolve(RulesLoader.fromString("late.xml", """
      <root><application name="app"><start_sequence>1</start_sequence><programs>
        <program name="probe"><identifiers>special</identifiers><start_sequence>1</start_sequence></program>
      </programs></application></root>"""), InstanceDirectory.of("a"), StartingStrategy.CONFIG);

  private static InstanceInfo running(String identifier) {
    return new InstanceInfo(identifier, "10.0.0.1", 61000, InstanceState.RUNNING, 1, 0, 0, 0, false, StateModes.OFF);
  }

  private static Instances.View view(Map<String, InstanceProfile> profiles, String... identifiers) {
    Map<String, InstanceInfo> infos = new LinkedHashMap<>();
    for (String id : identifiers) {
      infos.put(id, running(id));
    }
    return new Instances.View(infos, Set.of(), profiles);
  }

  @Test
  void theStereotypeOfALateInstanceDesignatesItOnceTheTableShowsIt() {
    Model model = new Model("a", RULES, Map.of("a", "10.0.0.1"), Duration.ofSeconds(1));
    List<String> written = model.applicationRules("app").identifiers();
    model.update(view(Map.of(), "a"));
    assertSame(RULES, model.rules(), "nothing new: the same rules");
    assertEquals(List.of(), model.rules().instancesOf(List.of("special")));

    InstanceAddress late = new InstanceAddress("late", "10.0.0.3", 61000, 61001, 61003, "10.0.0.3");
    model.update(view(Map.of("late", new InstanceProfile(late, List.of("special"))), "a", "late"));
    assertEquals(List.of("late"), model.rules().instancesOf(List.of("special")));
    assertEquals(List.of("a", "late"), model.rules().directory().identifiers());
    assertEquals(written, model.applicationRules("app").identifiers());
  }
}
