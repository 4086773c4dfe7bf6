package org.supvisors.rules;

import java.util.function.Function;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * The rules of every application and process, resolved against the known instances.
 *
 * <p>Lookup follows the manual: an {@code <application>} whose {@code name} equals the group name
 * wins; otherwise the {@code pattern} with the longest matched text (a regular expression search,
 * not anchored), the first declared on a tie. Programs are looked up the same way, inside the
 * matched application element only. A group that no element matches is unmanaged.
 *
 * <p>Instances are immutable and thread-safe; lookups are cached. Everything that can be checked
 * without knowing the Supervisor groups is checked once, at construction, and reported by {@link
 * #problems()}.
 */
public final class Rules {

  /** Elements loaded for one program at most: the program itself and two chained models. */
  static final int MAX_REFERENCE_CHAIN = 3;

  private static final Pattern APPLICATION_INDEX = Pattern.compile("^.*[-_](\\d+)$");

  private final RulesFiles files;
  private final InstanceDirectory directory;
  private final StartingStrategy defaultStrategy;
  private final Map<String, ApplicationDef> byName = new HashMap<>();
  private final List<ApplicationDef> byPattern = new ArrayList<>();
  private final Map<ApplicationDef, ProgramIndex> programIndexes = new IdentityHashMap<>();
  private final Map<ProgramDef, Effective> effective = new IdentityHashMap<>();
  private final Map<ApplicationDef, IdentifierSpec> applicationSpecs = new IdentityHashMap<>();
  private final List<RulesError> problems;
  private final Map<String, Optional<ApplicationDef>> matches = new ConcurrentHashMap<>();

  /** The program elements of one application element, for lookups. */
  private record ProgramIndex(Map<String, ProgramDef> byName, List<ProgramDef> byPattern) {}

  /** A program element merged with its models. */
  private record Effective(RuleValues values, IdentifierSpec identifiers) {}

  private Rules(RulesFiles files, InstanceDirectory directory, StartingStrategy defaultStrategy) {
    this.files = files;
    this.directory = directory;
    this.defaultStrategy = defaultStrategy;
    List<RulesError> found = new ArrayList<>(files.errors());
    for (ApplicationDef application : files.applications()) {
      if (application.byPattern()) {
        byPattern.add(application);
      } else {
        byName.put(application.name(), application);
      }
      applicationSpecs.put(application, IdentifierSpec.parse(application.identifiers(), files.aliases()));
      programIndexes.put(application, indexPrograms(application, found));
      for (ProgramDef program : application.programs()) {
        effective.put(program, merge(program, found));
      }
    }
    new RulesChecks(files, directory, found).check(applicationSpecs, effective);
    this.problems = List.copyOf(found);
  }

  /**
   * Resolves loaded rules against the known instances.
   *
   * @param files the loaded rules files
   * @param directory the instances of {@code supvisors_list} (and discovered ones) with their stereotypes
   * @param defaultStrategy the {@code starting_strategy} option, default of applications
   */
  public static Rules resolve(RulesFiles files, InstanceDirectory directory, StartingStrategy defaultStrategy) {
    return new Rules(files, directory, defaultStrategy);
  }

  /** The same rules against another set of instances (an instance was discovered). */
  public Rules withDirectory(InstanceDirectory newDirectory) {
    return new Rules(files, newDirectory, defaultStrategy);
  }

  /**
   * These rules against the instances known now: the same object when {@code seen} adds no instance and no
   * stereotype (the usual case, checked cheaply on every change of the instances), else the rules resolved again
   * over the grown directory (see {@link InstanceDirectory#union}).
   */
  public Rules learning(InstanceDirectory seen) {
    InstanceDirectory grown = directory.union(seen);
    return grown == directory ? this : withDirectory(grown);
  }

  public InstanceDirectory directory() {
    return directory;
  }

  /** Every problem known without the Supervisor groups: loading errors, then semantic checks. */
  public List<RulesError> problems() {
    return problems;
  }

  public boolean isManaged(String applicationName) {
    return match(applicationName).isPresent();
  }

  /** The instances that a rules identifiers list designates now, in rules order. */
  public List<String> instancesOf(List<String> identifiers) {
    return directory.filter(identifiers);
  }

  /** The rules of an application; an unmanaged one gets {@link ApplicationRules#unmanaged}. */
  public ApplicationRules applicationRules(String applicationName) {
    return resolveApplication(applicationName, null);
  }

  /** Same as {@link #applicationRules}, with the problems met on the way. */
  public Resolved<ApplicationRules> explainApplication(String applicationName) {
    List<RulesError> sink = new ArrayList<>();
    return new Resolved<>(resolveApplication(applicationName, sink), sink);
  }

  /**
   * The rules of a process whose rank in its homogeneous group is unknown: {@code #} and {@code @}
   * stay unresolved (empty identifiers).
   */
  public ProcessRules programRules(String applicationName, String processName) {
    return programRules(applicationName, processName, -1);
  }

  /**
   * The rules of a process.
   *
   * @param processIndex 0-based rank of the process among the processes of its Supervisor program
   *     section (the {@code numprocs} list, {@code numprocs_start} ignored); used by {@code #} and
   *     {@code @}; negative when unknown
   */
  public ProcessRules programRules(String applicationName, String processName, int processIndex) {
    return resolveProgram(applicationName, processName, processIndex, null);
  }

  /** Same as {@link #programRules(String, String, int)}, with the problems met on the way. */
  public Resolved<ProcessRules> explainProgram(String applicationName, String processName, int processIndex) {
    List<RulesError> sink = new ArrayList<>();
    return new Resolved<>(resolveProgram(applicationName, processName, processIndex, sink), sink);
  }

  // ---------------------------------------------------------------- lookups

  private Optional<ApplicationDef> match(String applicationName) {
    return matches.computeIfAbsent(applicationName, this::findApplication);
  }

  private Optional<ApplicationDef> findApplication(String applicationName) {
    ApplicationDef exact = byName.get(applicationName);
    return exact != null ? Optional.of(exact) : longestMatch(byPattern, applicationName, ApplicationDef::regex);
  }

  private Optional<ProgramDef> matchProgram(ApplicationDef application, String processName) {
    ProgramIndex index = programIndexes.get(application);
    ProgramDef exact = index.byName.get(processName);
    return exact != null ? Optional.of(exact) : longestMatch(index.byPattern, processName, ProgramDef::regex);
  }

  /** The element whose pattern matches the longest text; the first one on a tie. */
  private static <T> Optional<T> longestMatch(List<T> candidates, String name, Function<T, Pattern> regex) {
    T best = null;
    int bestLength = -1;
    for (T candidate : candidates) {
      Matcher m = regex.apply(candidate).matcher(name);
      if (m.find() && m.end() - m.start() > bestLength) {
        best = candidate;
        bestLength = m.end() - m.start();
      }
    }
    return Optional.ofNullable(best);
  }

  private ProgramIndex indexPrograms(ApplicationDef application, List<RulesError> found) {
    Map<String, ProgramDef> named = new LinkedHashMap<>();
    List<ProgramDef> patterns = new ArrayList<>();
    for (ProgramDef program : application.programs()) {
      if (program.byPattern()) {
        patterns.add(program);
      } else if (named.putIfAbsent(program.name(), program) != null) {
        found.add(RulesError.warning(program.at(), "program '" + program.name() + "' already defined in application "
            + application.label() + " at " + named.get(program.name()).at() + ": this element is ignored"));
      }
    }
    return new ProgramIndex(Map.copyOf(named), List.copyOf(patterns));
  }

  /** Program values over its models; the chain stops at {@link #MAX_REFERENCE_CHAIN} elements. */
  private Effective merge(ProgramDef program, List<RulesError> found) {
    RuleValues values = program.values();
    String reference = program.reference();
    int loaded = 1;
    Set<String> seen = new HashSet<>();
    while (reference != null) {
      ProgramDef model = files.models().get(reference);
      if (model == null) {
        found.add(RulesError.error(program.at(), "program " + program.label() + " references the unknown model '"
            + reference + "': reference ignored"));
        break;
      }
      if (loaded == MAX_REFERENCE_CHAIN) {
        found.add(RulesError.warning(program.at(), "program " + program.label() + ": reference to model '" + reference
            + "' ignored, a chain loads at most " + MAX_REFERENCE_CHAIN + " elements (the program and 2 models)"));
        break;
      }
      if (!seen.add(reference)) {
        break; // a loop, reported once per model by RulesChecks
      }
      values = values.over(model.values());
      reference = model.reference();
      loaded++;
    }
    return new Effective(values, IdentifierSpec.parse(values.identifiers(), files.aliases()));
  }

  // ---------------------------------------------------------------- resolution

  private ApplicationRules resolveApplication(String applicationName, List<RulesError> sink) {
    Optional<ApplicationDef> found = match(applicationName);
    if (found.isEmpty()) {
      return ApplicationRules.unmanaged(applicationName, defaultStrategy);
    }
    ApplicationDef def = found.get();
    int start = orDefault(def.startSequence(), 0);
    int stop = orDefault(def.stopSequence(), start);
    IdentifierSpec spec = applicationSpecs.get(def);
    List<String> identifiers = spec.names();
    if (spec.hash()) {
      OptionalIndex n = applicationIndex(applicationName);
      if (n.value < 1) {
        report(sink, RulesError.error(def.at(), "application '" + applicationName + "' uses # in identifiers but its name"
            + " does not end with -N or _N (N >= 1): not started automatically"));
        start = 0;
        identifiers = List.of();
      } else {
        // '*' means the instances known now; other names are kept as written, as Supvisors does.
        List<String> reference = spec.star() ? directory.identifiers() : spec.names();
        identifiers = reference.isEmpty() ? List.of() : List.of(reference.get((n.value - 1) % reference.size()));
      }
    } else if (spec.at()) {
      identifiers = List.of();
    }
    return new ApplicationRules(
        applicationName,
        true,
        orDefault(def.distribution(), DistributionRule.ALL_INSTANCES),
        identifiers,
        start,
        stop,
        orDefault(def.startingStrategy(), defaultStrategy),
        orDefault(def.startingFailureStrategy(), StartingFailureStrategy.ABORT),
        orDefault(def.runningFailureStrategy(), RunningFailureStrategy.CONTINUE));
  }

  private record OptionalIndex(int value) {}

  private static OptionalIndex applicationIndex(String applicationName) {
    Matcher m = APPLICATION_INDEX.matcher(applicationName);
    if (!m.matches()) {
      return new OptionalIndex(0);
    }
    String digits = m.group(1);
    // Very long digit strings cannot be an index; treat them as invalid rather than overflow.
    return new OptionalIndex(digits.length() > 9 ? 0 : Integer.parseInt(digits));
  }

  private ProcessRules resolveProgram(String applicationName, String processName, int processIndex, List<RulesError> sink) {
    ApplicationRules application = resolveApplication(applicationName, sink);
    Optional<ProgramDef> program = match(applicationName).flatMap(a -> matchProgram(a, processName));
    if (program.isEmpty()) {
      return ProcessRules.defaults(applicationName, processName, application);
    }
    ProgramDef def = program.get();
    Effective merged = effective.get(def);
    RuleValues values = merged.values();
    IdentifierSpec spec = merged.identifiers();
    IdentifierSign sign = spec.at() ? IdentifierSign.AT : spec.hash() ? IdentifierSign.HASH : IdentifierSign.NONE;
    List<String> identifiers = spec.names();
    if (sign != IdentifierSign.NONE && !def.byPattern()) {
      // Reported by RulesChecks: a sign needs a pattern element.
      sign = IdentifierSign.NONE;
      identifiers = List.of("*");
    } else if (sign != IdentifierSign.NONE) {
      identifiers = assign(sign, spec, processIndex, def, processName, sink);
    }
    int start = orDefault(values.startSequence(), 0);
    boolean required = orDefault(values.required(), false) && start > 0;
    return new ProcessRules(
        applicationName,
        processName,
        identifiers,
        sign,
        start,
        orDefault(values.stopSequence(), start),
        required,
        orDefault(values.waitExit(), false),
        orDefault(values.expectedLoading(), 0),
        orDefault(values.startingFailureStrategy(), application.startingFailureStrategy()),
        orDefault(values.runningFailureStrategy(), application.runningFailureStrategy()));
  }

  /**
   * The instance of the Nth process of a homogeneous group: the Nth instance of the reference list,
   * wrapping around with {@code #}, none beyond the list with {@code @}.
   */
  private List<String> assign(
      IdentifierSign sign, IdentifierSpec spec, int processIndex, ProgramDef def, String processName, List<RulesError> sink) {
    List<String> reference = directory.filter(spec.names());
    if (processIndex < 0) {
      return List.of();
    }
    if (reference.isEmpty()) {
      report(sink, RulesError.error(def.at(), "process '" + processName + "': the identifiers of program "
          + def.label() + " designate no known instance"));
      return List.of();
    }
    if (sign == IdentifierSign.AT && processIndex >= reference.size()) {
      report(sink, RulesError.warning(def.at(), "process '" + processName + "' (rank " + processIndex + ") gets no instance:"
          + " @ assigns one process per instance and only " + reference.size() + " are available"));
      return List.of();
    }
    return List.of(reference.get(processIndex % reference.size()));
  }

  private static void report(List<RulesError> sink, RulesError error) {
    if (sink != null) {
      sink.add(error);
    }
  }

  private static <T> T orDefault(T value, T fallback) {
    return value != null ? value : fallback;
  }

  /** Every application element, in declaration order: what a checker lists. */
  List<ApplicationDef> applicationDefs() {
    return files.applications();
  }

  /** Rules of a given program element with a sample name, for the checker's listing of patterns. */
  ProcessRules programRulesOf(ApplicationDef application, ProgramDef program, String applicationName) {
    String processName = program.byPattern() ? program.pattern() : program.name();
    ApplicationRules appRules = resolveApplicationDef(application, applicationName);
    Effective merged = effective.get(program);
    RuleValues values = merged.values();
    IdentifierSpec spec = merged.identifiers();
    int start = orDefault(values.startSequence(), 0);
    IdentifierSign sign = spec.at() ? IdentifierSign.AT : spec.hash() ? IdentifierSign.HASH : IdentifierSign.NONE;
    boolean signOk = sign == IdentifierSign.NONE || program.byPattern();
    return new ProcessRules(
        applicationName,
        processName,
        signOk ? spec.names() : List.of("*"),
        signOk ? sign : IdentifierSign.NONE,
        start,
        orDefault(values.stopSequence(), start),
        orDefault(values.required(), false) && start > 0,
        orDefault(values.waitExit(), false),
        orDefault(values.expectedLoading(), 0),
        orDefault(values.startingFailureStrategy(), appRules.startingFailureStrategy()),
        orDefault(values.runningFailureStrategy(), appRules.runningFailureStrategy()));
  }

  /** Rules of a given application element under a name (its own, or a sample for a pattern). */
  ApplicationRules resolveApplicationDef(ApplicationDef application, String applicationName) {
    if (!application.byPattern()) {
      return resolveApplication(application.name(), null);
    }
    IdentifierSpec spec = applicationSpecs.get(application);
    int start = orDefault(application.startSequence(), 0);
    return new ApplicationRules(
        applicationName, true, orDefault(application.distribution(), DistributionRule.ALL_INSTANCES),
        spec.names(), start, orDefault(application.stopSequence(), start),
        orDefault(application.startingStrategy(), defaultStrategy),
        orDefault(application.startingFailureStrategy(), StartingFailureStrategy.ABORT),
        orDefault(application.runningFailureStrategy(), RunningFailureStrategy.CONTINUE));
  }

  IdentifierSpec applicationSpec(ApplicationDef application) {
    return applicationSpecs.get(application);
  }

  IdentifierSpec programSpec(ProgramDef program) {
    return effective.get(program).identifiers();
  }
}
