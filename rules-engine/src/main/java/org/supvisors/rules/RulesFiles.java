package org.supvisors.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The merged content of every rules file that loaded, with the problems found while loading.
 *
 * <p>Merging follows the original tool, so that existing multi-file setups behave the same: aliases
 * keep the position of their first declaration and the value of their last; a model redefined in a
 * later file replaces the earlier one; for applications the first element with a given exact name
 * wins, and a pattern repeated later replaces the earlier element at its earlier position. Every
 * such override is reported as a warning.
 */
public final class RulesFiles {

  private final List<String> loadedFiles;
  private final List<String> skippedFiles;
  private final List<RulesError> errors;
  private final Map<String, AliasDef> aliases = new LinkedHashMap<>();
  private final Map<String, ProgramDef> models = new HashMap<>();
  private final List<ApplicationDef> applications = new ArrayList<>();

  RulesFiles(List<RulesDocument> documents, List<String> skippedFiles, List<RulesError> loadErrors) {
    List<RulesError> all = new ArrayList<>(loadErrors);
    this.loadedFiles = documents.stream().map(RulesDocument::file).toList();
    this.skippedFiles = List.copyOf(skippedFiles);
    Map<String, Integer> patternIndex = new HashMap<>();
    Map<String, ApplicationDef> byName = new HashMap<>();
    for (RulesDocument document : documents) {
      for (AliasDef alias : document.aliases()) {
        AliasDef previous = aliases.put(alias.name(), alias);
        if (previous != null) {
          all.add(RulesError.warning(alias.at(), "alias '" + alias.name() + "' redefined (first defined at "
              + previous.at() + "): this value wins, the first position is kept"));
        }
      }
      for (ProgramDef model : document.models()) {
        ProgramDef previous = models.put(model.name(), model);
        if (previous != null) {
          all.add(RulesError.warning(model.at(), "model '" + model.name() + "' redefined (first defined at "
              + previous.at() + "): this definition replaces it"));
        }
      }
      for (ApplicationDef application : document.applications()) {
        addApplication(application, byName, patternIndex, all);
      }
    }
    this.errors = List.copyOf(all);
  }

  private void addApplication(
      ApplicationDef application, Map<String, ApplicationDef> byName, Map<String, Integer> patternIndex,
      List<RulesError> all) {
    if (!application.byPattern()) {
      ApplicationDef first = byName.putIfAbsent(application.name(), application);
      if (first != null) {
        all.add(RulesError.warning(application.at(), "application '" + application.name()
            + "' already defined at " + first.at() + ": this element is ignored"));
        return;
      }
      applications.add(application);
      return;
    }
    Integer index = patternIndex.get(application.pattern());
    if (index != null) {
      all.add(RulesError.warning(application.at(), "application pattern '" + application.pattern()
          + "' already defined at " + applications.get(index).at() + ": this element replaces it"));
      applications.set(index, application);
      return;
    }
    patternIndex.put(application.pattern(), applications.size());
    applications.add(application);
  }

  /** Files that were read and applied, in loading order (sorted by path). */
  public List<String> loadedFiles() {
    return loadedFiles;
  }

  /** Files that were not applied at all because they are unreadable, not well-formed or invalid. */
  public List<String> skippedFiles() {
    return skippedFiles;
  }

  /** Every problem found while loading, errors and warnings, in the order found. */
  public List<RulesError> errors() {
    return errors;
  }

  public boolean hasErrors() {
    return errors.stream().anyMatch(RulesError::isError);
  }

  Map<String, AliasDef> aliases() {
    return Collections.unmodifiableMap(aliases);
  }

  Map<String, ProgramDef> models() {
    return Collections.unmodifiableMap(models);
  }

  List<ApplicationDef> applications() {
    return Collections.unmodifiableList(applications);
  }
}
