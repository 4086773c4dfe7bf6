package org.supvisors.rules;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.supvisors.protocol.DistributionRule;

/**
 * Checks made once the files are merged and the instances known: what the original tool either
 * logged late, at the first use, or silently ignored. Nothing here changes the rules; it only
 * explains what the resolution will do.
 */
final class RulesChecks {

  private static final Pattern APPLICATION_INDEX = Pattern.compile("^.*[-_](\\d+)$");

  private final RulesFiles files;
  private final InstanceDirectory directory;
  private final List<RulesError> found;

  RulesChecks(RulesFiles files, InstanceDirectory directory, List<RulesError> found) {
    this.files = files;
    this.directory = directory;
    this.found = found;
  }

  void check(Map<ApplicationDef, IdentifierSpec> applicationSpecs, Map<ProgramDef, ?> programs) {
    checkAliases();
    checkModelLoops();
    for (ApplicationDef application : files.applications()) {
      checkApplication(application, applicationSpecs.get(application));
      for (ProgramDef program : application.programs()) {
        checkProgram(program);
      }
    }
  }

  private void checkAliases() {
    List<String> order = new ArrayList<>(files.aliases().keySet());
    for (AliasDef alias : files.aliases().values()) {
      int position = order.indexOf(alias.name());
      for (String item : IdentifierSpec.split(alias.value())) {
        int used = order.indexOf(item);
        if (used >= 0 && used <= position) {
          found.add(RulesError.warning(alias.at(), "alias '" + alias.name() + "' uses alias '" + item
              + "', declared before it: '" + item + "' will not be expanded (an alias can only use aliases declared after it)"));
        }
      }
    }
  }

  private void checkModelLoops() {
    Set<Set<String>> reported = new HashSet<>();
    for (ProgramDef model : files.models().values()) {
      List<String> path = new ArrayList<>();
      ProgramDef current = model;
      while (current != null && !path.contains(current.name())) {
        path.add(current.name());
        current = current.reference() == null ? null : files.models().get(current.reference());
      }
      if (current != null) {
        List<String> cycle = path.subList(path.indexOf(current.name()), path.size());
        if (reported.add(Set.copyOf(cycle))) {
          found.add(RulesError.error(files.models().get(current.name()).at(), "reference loop between models: "
              + String.join(" -> ", cycle) + " -> " + current.name() + " (a chain is cut after 2 models)"));
        }
      }
    }
  }

  private void checkApplication(ApplicationDef application, IdentifierSpec spec) {
    String label = "application " + application.label();
    if (spec.at()) {
      found.add(RulesError.error(application.at(), label + ": @ is only meaningful for programs; the application gets no"
          + " instance (use # to map the Nth application to the Nth instance)"));
    }
    if (spec.hash() && !application.byPattern() && !APPLICATION_INDEX.matcher(application.name()).matches()) {
      found.add(RulesError.error(application.at(), label + " uses # but its name does not end with -N or _N:"
          + " not started automatically"));
    }
    if (application.identifiers() != null && application.distribution() == null
        || application.distribution() == DistributionRule.ALL_INSTANCES && application.identifiers() != null) {
      found.add(RulesError.warning(application.at(), label + ": <identifiers> is only used when <distribution> is"
          + " SINGLE_INSTANCE or SINGLE_NODE; the program identifiers apply"));
    }
    if (!spec.hash()) {
      warnUnknown(application.at(), label, spec.names());
    } else if (!spec.star()) {
      warnUnknown(application.at(), label, spec.names());
    }
  }

  private void checkProgram(ProgramDef program) {
    String label = "program " + program.label();
    RuleValues values = mergedValues(program);
    IdentifierSpec spec = IdentifierSpec.parse(values.identifiers(), files.aliases());
    if (spec.signed() && !program.byPattern()) {
      found.add(RulesError.error(program.at(), label + ": " + (spec.at() ? "@" : "#")
          + " needs a program element with a pattern attribute: identifiers reset to *"));
    } else if (spec.hash() && spec.at()) {
      found.add(RulesError.error(program.at(), label + ": both # and @ are used: # is ignored"));
    }
    if (Boolean.TRUE.equals(values.required()) && (values.startSequence() == null || values.startSequence() == 0)) {
      found.add(RulesError.warning(program.at(), label + ": required but not in the start sequence"
          + " (start_sequence 0): required is forced to false"));
    }
    warnUnknown(program.at(), label, spec.names());
  }

  /** The same merge as resolution, silent: problems of the chain are reported there. */
  private RuleValues mergedValues(ProgramDef program) {
    RuleValues values = program.values();
    String reference = program.reference();
    for (int loaded = 1; reference != null && loaded < Rules.MAX_REFERENCE_CHAIN; loaded++) {
      ProgramDef model = files.models().get(reference);
      if (model == null) {
        break;
      }
      values = values.over(model.values());
      reference = model.reference();
    }
    return values;
  }

  private void warnUnknown(SourceLocation at, String label, List<String> names) {
    for (String name : directory.unknownNames(names)) {
      String why = files.aliases().containsKey(name)
          ? "alias '" + name + "' was not expanded (see the alias order)"
          : "'" + name + "' is neither an instance of supvisors_list nor a stereotype";
      found.add(RulesError.warning(at, label + ": " + why + ": discarded"));
    }
  }
}
