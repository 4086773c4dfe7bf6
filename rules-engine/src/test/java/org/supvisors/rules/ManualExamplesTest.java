package org.supvisors.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.supvisors.rules.TestRules.errorsOnly;
import static org.supvisors.rules.TestRules.rules;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/** Every rules example of the manual resolves to what the manual says. */
class ManualExamplesTest {

  private static void assertProcess(
      ProcessRules p, List<String> identifiers, int start, int stop, boolean required, boolean waitExit, int loading) {
    assertEquals(identifiers, p.identifiers(), p.processName() + " identifiers");
    assertEquals(start, p.startSequence(), p.processName() + " start_sequence");
    assertEquals(stop, p.stopSequence(), p.processName() + " stop_sequence");
    assertEquals(required, p.required(), p.processName() + " required");
    assertEquals(waitExit, p.waitExit(), p.processName() + " wait_exit");
    assertEquals(loading, p.expectedLoading(), p.processName() + " expected_loading");
  }

  @Nested
  class CompleteExample {
    private final Rules rules = rules("complete_2_2_7.xml", "cliche81", "cliche82", "cliche83:60000", "cliche84");

    @Test
    void loadsWithoutError() {
      assertEquals(List.of(), errorsOnly(rules.problems()));
    }

    @Test
    void importDatabase() {
      ApplicationRules app = rules.applicationRules("import_database");
      assertEquals(
          new ApplicationRules("import_database", true, DistributionRule.ALL_INSTANCES, List.of("*"), 2, 2,
              StartingStrategy.CONFIG, StartingFailureStrategy.STOP, RunningFailureStrategy.CONTINUE),
          app);
      // distribute_sublist = #,cliche82,cliche83:60000,cliche84: the Nth mount_disk goes to the Nth, wrapping.
      assertProcess(rules.programRules("import_database", "mount_disk_00", 0), List.of("cliche82"), 1, 1, true, false, 0);
      assertEquals(List.of("cliche83:60000"), rules.programRules("import_database", "mount_disk_01", 1).identifiers());
      assertEquals(List.of("cliche82"), rules.programRules("import_database", "mount_disk_03", 3).identifiers());
      assertEquals(IdentifierSign.HASH, rules.programRules("import_database", "mount_disk_00", 0).sign());
      ProcessRules copy = rules.programRules("import_database", "copy_error");
      assertProcess(copy, List.of("cliche81"), 2, 2, true, true, 25);
      assertEquals(StartingFailureStrategy.STOP, copy.startingFailureStrategy(), "inherited from the application");
    }

    @Test
    void database() {
      assertEquals(List.of("cliche81"), rules.programRules("database", "movie_server_01", 0).identifiers());
      assertEquals(List.of("cliche84"), rules.programRules("database", "movie_server_04", 3).identifiers());
      ProcessRules register = rules.programRules("database", "register_movies_02", 1);
      assertProcess(register, List.of("cliche83:60000"), 2, 2, false, true, 25);
      assertEquals(List.of("cliche81"), rules.programRules("database", "register_movies_03", 2).identifiers());
    }

    @Test
    void myMovies() {
      ApplicationRules app = rules.applicationRules("my_movies");
      assertEquals(StartingFailureStrategy.CONTINUE, app.startingFailureStrategy());
      ProcessRules manager = rules.programRules("my_movies", "manager");
      assertProcess(manager, List.of("*"), 1, 3, true, false, 5);
      assertTrue(manager.disablesAutorestart());
      assertProcess(rules.programRules("my_movies", "web_server"), List.of("cliche84"), 2, 2, true, false, 3);
      ProcessRules hmi = rules.programRules("my_movies", "hmi");
      assertProcess(hmi, List.of("cliche82", "cliche81"), 3, 1, false, false, 10);
      assertEquals(RunningFailureStrategy.STOP_APPLICATION, hmi.runningFailureStrategy());
      // Models: disk_02 and disk_03 take the loading of disk_01 and override its identifiers.
      assertProcess(rules.programRules("my_movies", "disk_01_reader"), List.of("cliche81"), 0, 0, false, false, 5);
      assertProcess(rules.programRules("my_movies", "disk_02_reader"), List.of("cliche82"), 0, 0, false, false, 5);
      assertProcess(rules.programRules("my_movies", "disk_03_reader"), List.of("cliche83:60000"), 0, 0, false, false, 5);
      // error_disk_ matches more text than disk_01_ in error_disk_01_reader.
      assertProcess(rules.programRules("my_movies", "error_disk_01_reader"), List.of("*"), 0, 0, false, false, 5);
      assertEquals(List.of("cliche83:60000", "cliche81", "cliche82"), rules.programRules("my_movies", "converter_04").identifiers());
      assertEquals(List.of("cliche81", "cliche83:60000", "cliche82"), rules.programRules("my_movies", "converter_07").identifiers());
      assertProcess(rules.programRules("my_movies", "converter_01"), List.of("*"), 0, 0, false, false, 25);
      assertEquals(StartingFailureStrategy.CONTINUE, rules.programRules("my_movies", "converter_01").startingFailureStrategy());
    }

    @Test
    void playerIsSingleInstance() {
      assertEquals(
          new ApplicationRules("player", true, DistributionRule.SINGLE_INSTANCE, List.of("cliche81", "cliche83:60000"), 5, 5,
              StartingStrategy.MOST_LOADED, StartingFailureStrategy.ABORT, RunningFailureStrategy.CONTINUE),
          rules.applicationRules("player"));
      assertProcess(rules.programRules("player", "test_reader"), List.of("*"), 1, 1, true, true, 2);
      assertProcess(rules.programRules("player", "movie_player"), List.of("*"), 2, 2, false, false, 13);
    }

    @Test
    void webPatternApplication() {
      ApplicationRules app = rules.applicationRules("web_movies");
      assertTrue(app.managed());
      assertEquals(6, app.startSequence());
      assertEquals(2, app.stopSequence());
      assertEquals(StartingStrategy.LESS_LOADED, app.startingStrategy());
      ProcessRules browser = rules.programRules("web_movies", "web_browser");
      assertProcess(browser, List.of("*"), 1, 1, false, false, 4);
      assertEquals(RunningFailureStrategy.RESTART_PROCESS, browser.runningFailureStrategy());
    }

    @Test
    void globalSequences() {
      List<ApplicationRules> apps = List.of("import_database", "database", "my_movies", "player", "web_movies",
          "disk_reader_81", "not_in_rules").stream().map(rules::applicationRules).toList();
      StartSequence<ApplicationRules> start = StartSequence.global(apps);
      assertEquals(List.of("disk_reader_81", "import_database", "database", "my_movies", "player", "web_movies"),
          start.flatten().stream().map(ApplicationRules::applicationName).toList());
      StopSequence<ApplicationRules> stop = StopSequence.global(apps);
      assertEquals(List.of(5, 4, 3, 2, 1, 0), stop.stages().stream().map(Stage::rank).toList());
      assertEquals(List.of("import_database", "web_movies"),
          stop.stages().get(3).members().stream().map(ApplicationRules::applicationName).toList());
    }

    @Test
    void unmanagedGroup() {
      ApplicationRules app = rules.applicationRules("not_in_rules");
      assertFalse(app.managed());
      assertEquals(Map.of("managed", false, "application_name", "not_in_rules"), app.toWire());
    }
  }

  @Test
  void patternsOfSection223() {
    Rules rules = rules("patterns_2_2_3.xml", "cliche01", "cliche02", "cliche03");
    ProcessRules exact = rules.programRules("demo", "prg_00");
    assertProcess(exact, List.of("cliche01", "cliche03", "cliche02"), 1, 1, true, false, 3);
    assertEquals(RunningFailureStrategy.RESTART_PROCESS, exact.runningFailureStrategy());
    // prg_ matches 4 characters of prg_01, prg only 3: the greatest match wins.
    assertEquals(2, rules.programRules("demo", "prg_01").startSequence());
    assertEquals(2, rules.programRules("demo", "prg_dummy").startSequence());
    assertEquals(2, rules.programRules("demo", "dummy_prg_2").startSequence(), "a pattern is a search, not a prefix");
    assertEquals(5, rules.programRules("demo", "xprgx").startSequence());
    assertEquals(0, rules.programRules("demo", "other").startSequence());
  }

  @Nested
  class SignsOfSection224 {
    private final Rules rules = rules("signs_2_2_4.xml", "cliche01", "cliche02", "cliche03", "cliche04", "cliche05");

    @Test
    void explicitAndHashGiveTheSameAssignment() {
      for (int i = 0; i < 5; i++) {
        String process = "prg_0" + (i + 1);
        assertEquals(rules.programRules("explicit", process).identifiers(), rules.programRules("hash", process, i).identifiers());
      }
    }

    @Test
    void hashSublistAndWrapAround() {
      assertEquals(List.of("cliche04"), rules.programRules("hash_sublist", "prg_01", 0).identifiers());
      assertEquals(List.of("cliche02"), rules.programRules("hash_sublist", "prg_02", 1).identifiers());
      // numprocs larger than the list: # wraps around.
      assertEquals(List.of("cliche04"), rules.programRules("hash_sublist", "prg_03", 2).identifiers());
      assertEquals(List.of("cliche02"), rules.programRules("hash", "prg_07", 6).identifiers());
    }

    @Test
    void atLeavesProcessesInExcessUnassigned() {
      assertEquals(List.of("cliche04"), rules.programRules("at_sublist", "prg_01", 0).identifiers());
      assertEquals(List.of("cliche02"), rules.programRules("at_sublist", "prg_02", 1).identifiers());
      assertEquals(List.of(), rules.programRules("at_sublist", "prg_03", 2).identifiers());
      assertFalse(rules.explainProgram("at_sublist", "prg_03", 2).problems().isEmpty());
    }

    @Test
    void numprocsSmallerThanTheListUsesTheFirstInstances() {
      // Two processes, five instances: only the first two instances are used.
      assertEquals(List.of("cliche01"), rules.programRules("hash", "prg_01", 0).identifiers());
      assertEquals(List.of("cliche02"), rules.programRules("hash", "prg_02", 1).identifiers());
    }

    @Test
    void unknownRankLeavesTheSignUnresolved() {
      assertEquals(List.of(), rules.programRules("hash", "prg_01").identifiers());
    }

    @Test
    void hashOnApplicationsUsesTheNameSuffix() {
      assertEquals(List.of("cliche03"), rules.applicationRules("scen_hci_01").identifiers());
      assertEquals(List.of("cliche01"), rules.applicationRules("scen_hci-2").identifiers());
      assertEquals(List.of("cliche03"), rules.applicationRules("scen_hci_03").identifiers(), "wraps around");
      assertEquals(List.of("cliche01"), rules.applicationRules("scen_hci_1_02").identifiers(), "last number counts");
      ApplicationRules noSuffix = rules.applicationRules("scen_hci_x");
      assertEquals(List.of(), noSuffix.identifiers());
      assertEquals(0, noSuffix.startSequence(), "not started automatically");
      assertEquals(1, noSuffix.stopSequence(), "stop_sequence was copied before the check");
      assertEquals(0, rules.applicationRules("scen_hci_00").startSequence(), "N must be at least 1");
      assertFalse(rules.explainApplication("scen_hci_00").problems().isEmpty());
    }
  }

  @Test
  void modelsOfSection225AsPrintedAreRejected() {
    // The manual prints <required>>false</required>: '>false' is not a boolean.
    RulesFiles files = TestRules.files("models_2_2_5_verbatim.xml");
    assertEquals(List.of("models_2_2_5_verbatim.xml"), files.skippedFiles());
    RulesError first = files.errors().get(0);
    assertEquals(7, first.line());
    assertTrue(first.message().contains(">false"), first.message());
    assertTrue(first.message().contains("/root/model[@name='X11_model']/required"), first.message());
  }

  @Test
  void modelsOfSection225() {
    Rules rules = rules("models_2_2_5.xml", "cliche01", "cliche02", "cliche03");
    assertEquals(List.of(), errorsOnly(rules.problems()));
    assertProcess(rules.programRules("x11", "xclock"), List.of("cliche01", "cliche02", "cliche03"), 1, 1, false, false, 0);
    assertProcess(rules.programRules("x11", "prg_01"), List.of("cliche01", "cliche02", "cliche03"), 1, 1, true, false, 0);
  }

  @Test
  void aliasesOfSection226() {
    Rules rules = rules("aliases_2_2_6.xml",
        "console01", "console02", "console03", "server01", "server02");
    List<String> consoles = List.of("console01", "console02", "console03");
    assertEquals(consoles, rules.programRules("aliases", "hci").identifiers());
    assertEquals(List.of("server01", "server02", "console01", "console02", "console03"),
        rules.programRules("aliases", "service").identifiers());
    assertEquals(List.of("server01", "server02", "console01", "console02", "console03"),
        rules.programRules("aliases", "ok").identifiers(), "an alias placed before the aliases it uses works");
    ProcessRules ko = rules.programRules("aliases", "ko");
    assertEquals(List.of("servers", "consoles"), ko.identifiers(), "the wrong order leaves alias names");
    assertEquals(List.of(), rules.instancesOf(ko.identifiers()), "which designate no instance");
    assertTrue(rules.problems().stream().anyMatch(e -> e.message().contains("alias 'all_ko' uses alias 'servers'")));
    assertTrue(rules.problems().stream().anyMatch(e -> e.message().contains("program 'ko': alias 'servers' was not expanded")));
  }

  @Nested
  class Scenario1 {
    private final String[] nodes = {"rocky51", "rocky52", "rocky53"};

    @Test
    void naiveVersion() {
      Rules rules = rules("scenario1_naive.xml", nodes);
      assertEquals(List.of(), errorsOnly(rules.problems()));
      assertEquals(StartingFailureStrategy.CONTINUE, rules.applicationRules("scen1").startingFailureStrategy());
      assertProcess(rules.programRules("scen1", "scen1_hci"), List.of("rocky51"), 2, 2, true, false, 0);
      assertProcess(rules.programRules("scen1", "scen1_wait_nfs_mount_2"), List.of("rocky52"), 1, 1, true, true, 0);
      assertProcess(rules.programRules("scen1", "scen1_sensor_processing_2"), List.of("rocky53"), 2, 2, true, false, 0);
      StartSequence<ProcessRules> start = StartSequence.ofApplication(List.of("scen1_hci", "scen1_wait_nfs_mount_1",
          "scen1_wait_nfs_mount_3").stream().map(p -> rules.programRules("scen1", p)).toList());
      assertEquals(List.of(1, 2), start.stages().stream().map(Stage::rank).toList());
      assertEquals(2, start.stages().get(0).members().size());
    }

    @Test
    void prefixVersion() {
      Rules rules = rules("scenario1_prefix.xml", nodes);
      assertEquals(List.of(), errorsOnly(rules.problems()));
      assertProcess(rules.programRules("scen1", "rocky52_sensor_acquisition"), List.of("rocky52"), 2, 2, true, false, 0);
      assertProcess(rules.programRules("scen1", "scen1_wait_nfs_mount_3"), List.of("rocky53"), 1, 1, true, true, 0);
    }

    @Test
    void localhostVersion() {
      Rules rules = rules("scenario1_localhost.xml", "rocky51");
      assertProcess(rules.programRules("scen1", "scen1_data_recorder"), List.of("rocky51"), 1, 1, true, false, 0);
    }

    @Test
    void finalVersionWithEmptyPattern() {
      Rules rules = rules("scenario1_final.xml", nodes);
      assertEquals(List.of(), errorsOnly(rules.problems()));
      assertProcess(rules.programRules("scen1", "scen1_hci"), List.of("*"), 2, 2, true, false, 0);
      assertProcess(rules.programRules("scen1", "scen1_wait_nfs_mount_1"), List.of("*"), 1, 1, true, true, 0);
    }
  }

  @Nested
  class Scenario2 {
    private final String[] instances = {"server_1", "server_2", "server_3", "console_1", "console_2", "console_3"};

    @Test
    void firstStepsMakeApplicationsManaged() {
      Rules step1 = rules("scenario2_step1.xml", instances);
      assertTrue(step1.isManaged("scen2_srv_01"));
      assertTrue(step1.isManaged("scen2_hci_03"));
      assertFalse(step1.isManaged("scen3_srv"));
      Rules step3 = rules("scenario2_step3.xml", instances);
      assertEquals(List.of("console_1", "console_2", "console_3"), step3.applicationRules("scen2_hci_02").identifiers());
      assertEquals(DistributionRule.SINGLE_INSTANCE, step3.applicationRules("scen2_srv_02").distribution());
    }

    @Test
    void printedVersionUsesTheRemovedPatternElement() {
      RulesFiles files = TestRules.files("scenario2_verbatim.xml");
      assertEquals(List.of("scenario2_verbatim.xml"), files.skippedFiles());
      RulesError error = files.errors().get(0);
      assertEquals(41, error.line());
      assertTrue(error.message().contains("<program pattern=\"...\">"), error.message());
    }

    @Test
    void correctedVersion() {
      Rules rules = rules("scenario2.xml", instances);
      assertEquals(List.of(), errorsOnly(rules.problems()));
      assertEquals(
          new ApplicationRules("scen2_srv_01", true, DistributionRule.SINGLE_INSTANCE, List.of("server_1", "server_2", "server_3"),
              1, 1, StartingStrategy.LESS_LOADED, StartingFailureStrategy.STOP, RunningFailureStrategy.CONTINUE),
          rules.applicationRules("scen2_srv_01"));
      assertProcess(rules.programRules("scen2_srv_01", "scen2_common_bus_interface"), List.of("*"), 4, 4, true, false, 10);
      assertProcess(rules.programRules("scen2_srv_01", "scen2_check_common_data_bus"), List.of("*"), 3, 3, true, true, 0);
      assertProcess(rules.programRules("scen2_srv_01", "scen2_config_manager"), List.of("*"), 3, 3, true, false, 10);
      assertProcess(rules.programRules("scen2_srv_01", "scen2_check_internal_data_bus"), List.of("*"), 2, 2, true, true, 0);
      ProcessRules bus = rules.programRules("scen2_srv_01", "scen2_internal_data_bus");
      assertProcess(bus, List.of("*"), 1, 1, true, false, 2);
      assertEquals(RunningFailureStrategy.RESTART_APPLICATION, bus.runningFailureStrategy());
      ApplicationRules hci = rules.applicationRules("scen2_hci_02");
      assertEquals(StartingStrategy.LOCAL, hci.startingStrategy());
      assertEquals(0, hci.startSequence(), "scen2_hci is started by the user");
      assertProcess(rules.programRules("scen2_hci_02", "scen2_viewer"), List.of("*"), 3, 3, false, false, 8);
      assertEquals(RunningFailureStrategy.STOP_APPLICATION,
          rules.programRules("scen2_hci_02", "scen2_internal_data_bus").runningFailureStrategy());
    }
  }

  @Test
  void scenario3() {
    Rules rules = rules("scenario3.xml", "server_1", "server_2", "server_3", "console_1", "console_2", "console_3");
    assertEquals(List.of(), errorsOnly(rules.problems()));
    List<String> servers = List.of("server_1", "server_2", "server_3");
    assertEquals(StartingStrategy.LESS_LOADED, rules.applicationRules("scen3_srv").startingStrategy());
    ProcessRules service = rules.programRules("scen3_srv", "scen3_data_processing");
    assertProcess(service, servers, 2, 2, true, false, 2);
    assertEquals(RunningFailureStrategy.RESTART_PROCESS, service.runningFailureStrategy());
    assertProcess(rules.programRules("scen3_srv", "scen3_check_internal_data_bus"), servers, 1, 1, true, true, 0);
    assertProcess(rules.programRules("scen3_srv", "scen3_common_bus_interface"), servers, 3, 3, true, false, 2);
    assertProcess(rules.programRules("scen3_srv", "scen3_check_common_data_bus"), servers, 2, 2, true, true, 0);
    // #,consoles: scen3_hci_N goes to the Nth console.
    assertEquals(List.of("console_1"), rules.applicationRules("scen3_hci_01").identifiers());
    assertEquals(List.of("console_3"), rules.applicationRules("scen3_hci_03").identifiers());
    assertEquals(DistributionRule.SINGLE_INSTANCE, rules.applicationRules("scen3_hci_02").distribution());
    assertProcess(rules.programRules("scen3_hci_02", "scen3_hci_display"), List.of("*"), 2, 2, false, false, 8);
  }
}
