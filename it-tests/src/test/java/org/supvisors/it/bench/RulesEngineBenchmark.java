package org.supvisors.it.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.supvisors.protocol.InstanceState;
import org.supvisors.protocol.ProcessState;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.rules.InstanceDirectory;
import org.supvisors.rules.ProcessRules;
import org.supvisors.rules.Rules;
import org.supvisors.rules.RulesFiles;
import org.supvisors.rules.RulesLoader;
import org.supvisors.rules.placement.InstanceSelector;
import org.supvisors.rules.placement.InstanceView;
import org.supvisors.rules.placement.PendingStart;
import org.supvisors.rules.placement.PlacementSnapshot;
import org.supvisors.rules.placement.ProcessView;

/**
 * How long the rules engine takes on a large cluster: resolving the rules of 10,000 processes in
 * 200 applications, and choosing instances for 1,000 starts over 100 instances. Run with {@code
 * mvn -B verify -pl it-tests -am -Pbench}; prints one table.
 */
@Tag("benchmark")
class RulesEngineBenchmark {

  private static final int APPLICATIONS = 200;
  private static final int PROCESSES_PER_APPLICATION = 50;
  private static final int INSTANCES = 100;
  private static final int STARTS = 1_000;
  private static final int WARMUP = 5;
  private static final int RUNS = 20;

  private final List<String> table = new ArrayList<>();

  @Test
  void rulesEngine() {
    List<String> identifiers = new ArrayList<>();
    for (int i = 0; i < INSTANCES; i++) {
      identifiers.add("node" + (i / 2) + ":" + (61000 + 100 * (i % 2)));
    }
    InstanceDirectory directory = InstanceDirectory.of(identifiers);
    String xml = rulesXml(identifiers);

    RulesFiles files = RulesLoader.fromString("bench.xml", xml);
    assertEquals(List.of(), files.errors());
    measure("parse + validate rules file (" + xml.length() / 1024 + " KiB)", () -> RulesLoader.fromString("bench.xml", xml));
    measure("resolve models/aliases/patterns (200 apps)", () -> Rules.resolve(files, directory, StartingStrategy.CONFIG));
    int resolved = measure("resolve rules of 10,000 processes (fresh cache)", () -> resolveAll(Rules.resolve(files, directory, StartingStrategy.CONFIG)));
    assertEquals(APPLICATIONS * PROCESSES_PER_APPLICATION, resolved);
    Rules warm = Rules.resolve(files, directory, StartingStrategy.CONFIG);
    measure("resolve rules of 10,000 processes (warm cache)", () -> resolveAll(warm));

    PlacementSnapshot snapshot = snapshot(identifiers);
    measure("build selector (100 instances, 10,000 processes)", () -> new InstanceSelector(snapshot));
    for (StartingStrategy strategy : StartingStrategy.values()) {
      measure("choose 1,000 starts, " + strategy, () -> chooseAll(new InstanceSelector(snapshot), strategy, identifiers));
    }
    measure("1,000 starts, snapshot rebuilt after each (LESS_LOADED)", () -> chooseWithPending(snapshot, identifiers));
    measure("1,000 starts, withPending after each (LESS_LOADED)", () -> chooseIncrementally(snapshot, identifiers));

    System.out.println();
    System.out.printf("%-58s %5s %10s %10s %10s%n", "operation", "runs", "median ms", "min ms", "max ms");
    table.forEach(System.out::println);
  }

  private static int resolveAll(Rules rules) {
    int count = 0;
    for (int a = 0; a < APPLICATIONS; a++) {
      String application = a % 2 == 0 ? "app_" + a : "svc_" + a;
      rules.applicationRules(application);
      for (int p = 0; p < PROCESSES_PER_APPLICATION; p++) {
        ProcessRules r = rules.programRules(application, processName(p), p % 10);
        count += r.startSequence() >= 0 ? 1 : 0;
      }
    }
    return count;
  }

  private static String processName(int p) {
    return switch (p % 5) {
      case 0 -> "named_" + p;
      case 1 -> "worker_" + String.format("%02d", p);
      case 2 -> "spread_" + p;
      case 3 -> "db_" + p;
      default -> "misc_" + p;
    };
  }

  /** Half the applications by name, half through 10 patterns; programs by name, pattern, models, aliases, signs. */
  private static String rulesXml(List<String> identifiers) {
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\"?>\n<root>\n");
    xml.append("  <alias name=\"all_servers\">").append(String.join(",", identifiers.subList(0, 50))).append("</alias>\n");
    xml.append("  <alias name=\"consoles\">").append(String.join(",", identifiers.subList(50, 100))).append("</alias>\n");
    xml.append("  <model name=\"base\"><start_sequence>2</start_sequence><expected_loading>3</expected_loading></model>\n");
    xml.append("  <model name=\"service\"><reference>base</reference><identifiers>all_servers</identifiers><required>true</required></model>\n");
    for (int a = 0; a < APPLICATIONS; a += 2) {
      xml.append("  <application name=\"app_").append(a).append("\"><start_sequence>").append(1 + a % 7)
          .append("</start_sequence><starting_strategy>LESS_LOADED</starting_strategy><programs>\n");
      for (int p = 0; p < PROCESSES_PER_APPLICATION; p += 5) {
        xml.append("    <program name=\"named_").append(p).append("\"><reference>service</reference><start_sequence>")
            .append(1 + p % 4).append("</start_sequence></program>\n");
      }
      appendPatternPrograms(xml);
      xml.append("  </programs></application>\n");
    }
    for (int k = 0; k < 10; k++) {
      xml.append("  <application pattern=\"svc_").append(k).append("\"><distribution>SINGLE_NODE</distribution>")
          .append("<identifiers>consoles</identifiers><programs>\n");
      appendPatternPrograms(xml);
      xml.append("  </programs></application>\n");
    }
    return xml.append("</root>\n").toString();
  }

  private static void appendPatternPrograms(StringBuilder xml) {
    xml.append("    <program pattern=\"worker_\\d+\"><identifiers>#,consoles</identifiers><start_sequence>3</start_sequence></program>\n");
    xml.append("    <program pattern=\"spread_\"><identifiers>@</identifiers><expected_loading>1</expected_loading></program>\n");
    xml.append("    <program pattern=\"db_\"><reference>service</reference></program>\n");
    xml.append("    <program pattern=\"\"><reference>base</reference></program>\n");
  }

  /** 100 instances on 50 nodes; 10,000 processes known on 10 instances each, a third of them running. */
  private static PlacementSnapshot snapshot(List<String> identifiers) {
    List<InstanceView> instances = new ArrayList<>();
    for (int i = 0; i < identifiers.size(); i++) {
      instances.add(new InstanceView(identifiers.get(i), "10.0.0." + (i / 2), i % 17 == 0 ? InstanceState.SILENT : InstanceState.RUNNING));
    }
    Map<String, ProcessView> processes = new HashMap<>();
    for (int p = 0; p < APPLICATIONS * PROCESSES_PER_APPLICATION; p++) {
      String namespec = "app_" + (p / PROCESSES_PER_APPLICATION) + ":proc_" + p;
      Set<String> defined = Set.copyOf(identifiers.subList(p % 90, p % 90 + 10));
      boolean running = p % 3 == 0 && p < 3 * STARTS * 2;
      Set<String> on = running ? Set.of(identifiers.get(p % 90)) : Set.of();
      processes.put(namespec, new ProcessView(namespec, running ? ProcessState.RUNNING : ProcessState.STOPPED,
          p % 3, on, defined, p % 11 == 0 ? Set.of(identifiers.get(p % 90 + 1)) : Set.of()));
    }
    return new PlacementSnapshot(identifiers.get(0), instances, processes, List.of());
  }

  private static int chooseAll(InstanceSelector selector, StartingStrategy strategy, List<String> identifiers) {
    int placed = 0;
    for (int s = 0; s < STARTS; s++) {
      int p = 3 * s + 1;
      Optional<String> chosen = selector.chooseForProcess(strategy, identifiers, "app_" + (p / PROCESSES_PER_APPLICATION) + ":proc_" + p, p % 3);
      placed += chosen.isPresent() ? 1 : 0;
    }
    return placed;
  }

  private static int chooseWithPending(PlacementSnapshot start, List<String> identifiers) {
    List<PendingStart> pending = new ArrayList<>();
    int placed = 0;
    for (int s = 0; s < STARTS; s++) {
      int p = 3 * s + 1;
      String namespec = "app_" + (p / PROCESSES_PER_APPLICATION) + ":proc_" + p;
      PlacementSnapshot snapshot = new PlacementSnapshot(start.localIdentifier(), start.instances(), start.processes(), pending);
      Optional<String> chosen = new InstanceSelector(snapshot).chooseForProcess(StartingStrategy.LESS_LOADED, identifiers, namespec, p % 3);
      if (chosen.isPresent()) {
        pending.add(new PendingStart(namespec, chosen.get(), p % 3));
        placed++;
      }
    }
    return placed;
  }

  private static int chooseIncrementally(PlacementSnapshot snapshot, List<String> identifiers) {
    InstanceSelector selector = new InstanceSelector(snapshot);
    int placed = 0;
    for (int s = 0; s < STARTS; s++) {
      int p = 3 * s + 1;
      String namespec = "app_" + (p / PROCESSES_PER_APPLICATION) + ":proc_" + p;
      Optional<String> chosen = selector.chooseForProcess(StartingStrategy.LESS_LOADED, identifiers, namespec, p % 3);
      if (chosen.isPresent()) {
        selector = selector.withPending(new PendingStart(namespec, chosen.get(), p % 3));
        placed++;
      }
    }
    return placed;
  }

  private <T> T measure(String operation, Supplier<T> work) {
    T result = null;
    for (int i = 0; i < WARMUP; i++) {
      result = work.get();
    }
    long[] nanos = new long[RUNS];
    for (int i = 0; i < RUNS; i++) {
      long begin = System.nanoTime();
      result = work.get();
      nanos[i] = System.nanoTime() - begin;
    }
    Arrays.sort(nanos);
    table.add(String.format("%-58s %5d %10.3f %10.3f %10.3f", operation, RUNS, nanos[RUNS / 2] / 1e6, nanos[0] / 1e6, nanos[RUNS - 1] / 1e6));
    return result;
  }
}
