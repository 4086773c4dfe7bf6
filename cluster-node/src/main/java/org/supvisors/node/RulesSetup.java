package org.supvisors.node;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.supvisors.node.config.InstanceAddress;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.rules.InstanceDirectory;
import org.supvisors.rules.Rules;
import org.supvisors.rules.RulesError;
import org.supvisors.rules.RulesFiles;
import org.supvisors.rules.RulesLoader;

/**
 * Loads the {@code rules_files} once at start, resolved against the listed instances and the local stereotypes; the
 * process model and the commander resolve them again as the instances table learns other instances and stereotypes
 * ({@link Rules#learning}). A bad file is skipped with its errors logged and the
 * others still load (see docs/rules.md); without any rules file every application is unmanaged.
 */
final class RulesSetup {

  private RulesSetup() {}

  static Rules load(NodeSettings settings, Logger log) {
    RulesFiles files = RulesLoader.loadFiles(settings.options().rulesFiles());
    if (settings.options().rulesFiles().isEmpty()) {
      log.warn("no rules file found: every application is unmanaged");
    }
    List<String> identifiers = settings.instances().stream().map(InstanceAddress::identifier).toList();
    Map<String, Set<String>> stereotypes = Map.of(settings.local().identifier(), settings.options().stereotypes());
    Rules rules = Rules.resolve(files, new InstanceDirectory(identifiers, stereotypes), settings.options().startingStrategy());
    for (RulesError problem : rules.problems()) {
      if (problem.severity() == RulesError.Severity.ERROR) {
        log.error("rules: {}", problem);
      } else {
        log.warn("rules: {}", problem);
      }
    }
    if (settings.options().discoveryMode()) {
      log.info("discovery mode: the rules are resolved again as instances and their stereotypes are discovered");
    }
    log.info("rules loaded from {}; skipped: {}", files.loadedFiles(), files.skippedFiles());
    return rules;
  }
}
