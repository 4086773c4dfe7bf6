package org.supvisors.rules;

import org.supvisors.protocol.DistributionRule;
import java.util.stream.Stream;
import java.util.Arrays;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.StartingStrategy;

/**
 * The {@code supvisors-rules-check} command: loads rules files like the node does, resolves them
 * against a {@code supvisors_list}, prints the rules of every application and program element and
 * every problem found. Exit status: 0 without errors (warnings allowed), 1 with errors, 2 on bad
 * usage.
 */
public final class RulesCheck {

  static final int OK = 0;
  static final int ERRORS = 1;
  static final int USAGE = 2;

  private static final String USAGE_TEXT = """
      usage: supvisors-rules-check --supvisors-list LIST [--stereotypes ID=NAME,NAME]...
                                   [--starting-strategy STRATEGY] [--process APP:PROCESS[:RANK]]...
                                   RULES_FILE_GLOB...
        --supvisors-list     the supvisors_list option, e.g. "<a>host1:61000:,<b>host2:61000:"
        --stereotypes        stereotypes of one instance (repeatable)
        --starting-strategy  the starting_strategy option (default CONFIG)
        --process            also resolve this process (RANK: its 0-based rank for # and @)
      """;

  private RulesCheck() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the command; returns the exit status. */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      err.println("supvisors-rules-check: " + e.getMessage());
      err.print(USAGE_TEXT);
      return USAGE;
    }
    RulesFiles files = RulesLoader.load(options.globs, Path.of("").toAbsolutePath());
    Rules rules = Rules.resolve(files, options.directory(), options.strategy);
    out.println("instances: " + String.join(", ", rules.directory().identifiers()));
    out.println("loaded: " + String.join(", ", files.loadedFiles()));
    if (!files.skippedFiles().isEmpty()) {
      out.println("skipped: " + String.join(", ", files.skippedFiles()));
    }
    new Listing(rules, out).print();
    List<RulesError> problems = new ArrayList<>(rules.problems());
    for (String[] process : options.processes) {
      Resolved<ApplicationRules> app = rules.explainApplication(process[0]);
      int rank = process.length > 2 ? Integer.parseInt(process[2]) : -1;
      Resolved<ProcessRules> proc = rules.explainProgram(process[0], process[1], rank);
      out.println();
      out.println("process " + process[0] + ":" + process[1] + (rank >= 0 ? " (rank " + rank + ")" : ""));
      out.println("  application: " + Listing.format(app.value().toWire()));
      out.println("  process:     " + Listing.format(proc.value().toWire()));
      out.println("  instances:   " + rules.instancesOf(chosenIdentifiers(app.value(), proc.value())));
      problems.addAll(app.problems());
      problems.addAll(proc.problems().stream().filter(p -> !app.problems().contains(p)).toList());
    }
    out.println();
    long errors = problems.stream().filter(RulesError::isError).count();
    problems.forEach(out::println);
    out.println(errors + " error(s), " + (problems.size() - errors) + " warning(s)");
    return errors == 0 ? OK : ERRORS;
  }

  private static List<String> chosenIdentifiers(ApplicationRules app, ProcessRules process) {
    return app.managed() && app.distribution() != DistributionRule.ALL_INSTANCES
        ? app.identifiers() : process.identifiers();
  }

  /** Command-line options. */
  private static final class Options {
    String supvisorsList;
    final Map<String, Set<String>> stereotypes = new LinkedHashMap<>();
    StartingStrategy strategy = StartingStrategy.CONFIG;
    final List<String[]> processes = new ArrayList<>();
    final List<String> globs = new ArrayList<>();

    static Options parse(String[] args) {
      Options o = new Options();
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        switch (arg) {
          case "--supvisors-list" -> o.supvisorsList = value(args, ++i, arg);
          case "--stereotypes" -> o.addStereotypes(value(args, ++i, arg));
          case "--starting-strategy" -> o.strategy = strategy(value(args, ++i, arg));
          case "--process" -> o.addProcess(value(args, ++i, arg));
          case "-h", "--help" -> throw new IllegalArgumentException("help requested");
          default -> {
            if (arg.startsWith("--")) {
              throw new IllegalArgumentException("unknown option: " + arg);
            }
            o.globs.add(arg);
          }
        }
      }
      if (o.supvisorsList == null) {
        throw new IllegalArgumentException("--supvisors-list is required");
      }
      if (o.globs.isEmpty()) {
        throw new IllegalArgumentException("at least one rules file is required");
      }
      SupvisorsList.identifiers(o.supvisorsList);
      return o;
    }

    private static StartingStrategy strategy(String name) {
      return Coded.byNameIgnoreCase(StartingStrategy.class, name)
          .orElseThrow(() -> new IllegalArgumentException("unknown starting strategy: " + name));
    }

    private static String value(String[] args, int index, String option) {
      if (index >= args.length) {
        throw new IllegalArgumentException(option + " needs a value");
      }
      return args[index];
    }

    private void addStereotypes(String spec) {
      int eq = spec.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--stereotypes expects ID=NAME,NAME: " + spec);
      }
      Set<String> names = Arrays.stream(spec.substring(eq + 1).split(","))
          .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toSet());
      stereotypes.merge(spec.substring(0, eq).trim(), names,
          (a, b) -> Stream.concat(a.stream(), b.stream()).collect(Collectors.toSet()));
    }

    private void addProcess(String spec) {
      String[] parts = spec.split(":");
      if (parts.length < 2 || parts.length > 3 || (parts.length == 3 && !parts[2].matches("\\d+"))) {
        throw new IllegalArgumentException("--process expects APP:PROCESS[:RANK]: " + spec);
      }
      processes.add(parts);
    }

    InstanceDirectory directory() {
      return new InstanceDirectory(SupvisorsList.identifiers(supvisorsList), stereotypes);
    }
  }
}
