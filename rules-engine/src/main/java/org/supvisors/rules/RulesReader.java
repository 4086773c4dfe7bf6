package org.supvisors.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.DistributionRule;
import org.supvisors.protocol.RunningFailureStrategy;
import org.supvisors.protocol.StartingFailureStrategy;
import org.supvisors.protocol.StartingStrategy;

/**
 * Turns the validated element tree of one file into definitions, and makes the checks a schema
 * cannot: name or pattern present, regular expressions that compile, negative sequence ranks.
 *
 * <p>An element that cannot be used is reported as an error and left out; the rest of the file is
 * kept, because one mistyped pattern should not unmanage every other application.
 */
final class RulesReader {

  private final List<RulesError> problems;

  RulesReader(List<RulesError> problems) {
    this.problems = problems;
  }

  RulesDocument read(String file, XmlNode root) {
    List<AliasDef> aliases = new ArrayList<>();
    List<ProgramDef> models = new ArrayList<>();
    List<ApplicationDef> applications = new ArrayList<>();
    for (XmlNode node : root.children()) {
      switch (node.name()) {
        case "alias" -> aliases.add(new AliasDef(node.attributes().get("name"), node.text(), node.at()));
        case "model" -> readModel(node).ifPresent(models::add);
        case "application" -> readApplication(node).ifPresent(applications::add);
        default -> problems.add(RulesError.error(node.at(), "unexpected element <" + node.name() + ">"));
      }
    }
    return new RulesDocument(file, List.copyOf(aliases), List.copyOf(models), List.copyOf(applications));
  }

  private Optional<ProgramDef> readModel(XmlNode node) {
    Optional<String> name = node.attribute("name");
    if (name.isEmpty()) {
      problems.add(RulesError.error(node.at(), "<model> without a name attribute cannot be referenced: ignored"));
      return Optional.empty();
    }
    if (node.attribute("pattern").isPresent()) {
      problems.add(RulesError.warning(node.at(), "the pattern attribute of <model> has no meaning: ignored"));
    }
    return Optional.of(new ProgramDef(name.get(), null, null, reference(node), values(node), node.at()));
  }

  private Optional<ApplicationDef> readApplication(XmlNode node) {
    Optional<Target> target = target(node, "application");
    if (target.isEmpty()) {
      return Optional.empty();
    }
    List<ProgramDef> programs = new ArrayList<>();
    node.child("programs").ifPresent(p -> p.children().forEach(c -> readProgram(c).ifPresent(programs::add)));
    return Optional.of(
        new ApplicationDef(
            target.get().name,
            target.get().pattern,
            target.get().regex,
            enumValue(node, "distribution", DistributionRule.class),
            node.childText("identifiers").orElse(null),
            sequence(node, "start_sequence"),
            sequence(node, "stop_sequence"),
            enumValue(node, "starting_strategy", StartingStrategy.class),
            enumValue(node, "starting_failure_strategy", StartingFailureStrategy.class),
            enumValue(node, "running_failure_strategy", RunningFailureStrategy.class),
            List.copyOf(programs),
            node.at()));
  }

  private Optional<ProgramDef> readProgram(XmlNode node) {
    return target(node, "program")
        .map(t -> new ProgramDef(t.name, t.pattern, t.regex, reference(node), values(node), node.at()));
  }

  private record Target(String name, String pattern, Pattern regex) {}

  /** The name or pattern an application or program element applies to; name wins if both are set. */
  private Optional<Target> target(XmlNode node, String kind) {
    Optional<String> name = node.attribute("name");
    Optional<String> pattern = node.attribute("pattern");
    if (name.isPresent()) {
      if (pattern.isPresent()) {
        problems.add(
            RulesError.warning(node.at(), "<" + kind + "> has both name and pattern: the pattern is ignored"));
      }
      return Optional.of(new Target(name.get(), null, null));
    }
    if (pattern.isEmpty()) {
      problems.add(RulesError.error(node.at(), "<" + kind + "> needs a name or a pattern attribute: ignored"));
      return Optional.empty();
    }
    try {
      return Optional.of(new Target(null, pattern.get(), Pattern.compile(pattern.get())));
    } catch (PatternSyntaxException e) {
      problems.add(
          RulesError.error(
              node.at(),
              "<" + kind + "> pattern '" + pattern.get() + "' is not a valid regular expression ("
                  + e.getDescription() + "): ignored"));
      return Optional.empty();
    }
  }

  private RuleValues values(XmlNode node) {
    return new RuleValues(
        node.childText("identifiers").orElse(null),
        sequence(node, "start_sequence"),
        sequence(node, "stop_sequence"),
        node.childText("required").map(RulesReader::xsBoolean).orElse(null),
        node.childText("wait_exit").map(RulesReader::xsBoolean).orElse(null),
        node.childText("expected_loading").map(Integer::valueOf).orElse(null),
        enumValue(node, "starting_failure_strategy", StartingFailureStrategy.class),
        enumValue(node, "running_failure_strategy", RunningFailureStrategy.class));
  }

  private static String reference(XmlNode node) {
    return node.childText("reference").orElse(null);
  }

  /** Ranks below zero pass the grammar (a byte) but mean nothing: the default is kept, as in Supvisors. */
  private Integer sequence(XmlNode node, String element) {
    Optional<Integer> value = node.childText(element).map(Integer::valueOf);
    if (value.isPresent() && value.get() < 0) {
      XmlNode child = node.child(element).orElseThrow();
      problems.add(
          RulesError.warning(
              child.at(), "<" + element + "> " + value.get() + " is negative: ignored, the default applies"));
      return null;
    }
    return value.orElse(null);
  }

  private static Boolean xsBoolean(String text) {
    return text.equals("true") || text.equals("1");
  }

  private static <E extends Enum<E> & Coded> E enumValue(XmlNode node, String element, Class<E> type) {
    Function<String, E> lookup = t -> Coded.byName(type, t).orElseThrow(
        () -> new IllegalStateException("value '" + t + "' passed the schema but is not a " + type.getSimpleName()));
    return node.childText(element).map(lookup).orElse(null);
  }
}
