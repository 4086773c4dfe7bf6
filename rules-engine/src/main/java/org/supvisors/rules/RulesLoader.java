package org.supvisors.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Loads the rules files named by the {@code rules_files} option.
 *
 * <p>Policy on bad files: a file that cannot be read, is not well-formed XML, or does not conform to
 * {@code rules.xsd} is reported (file, line, column, reason) and skipped as a whole; every other
 * file is still loaded. Inside a valid file, an element that cannot be used (no name nor pattern, a
 * pattern that is not a regular expression) is reported and left out. Nothing is dropped
 * silently. The caller decides what to do with the errors; the node logs them and carries on.
 */
public final class RulesLoader {

  private RulesLoader() {}

  /**
   * Loads the files matching a {@code rules_files} option value.
   *
   * @param option space-separated globs, as in the option
   * @param baseDir directory against which relative globs are resolved (the configuration's directory)
   */
  public static RulesFiles load(String option, Path baseDir) {
    List<String> globs = option == null ? List.of() : Arrays.stream(option.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    return load(globs, baseDir);
  }

  /** Loads the files matching the globs: expanded, made absolute, de-duplicated and sorted by path. */
  public static RulesFiles load(List<String> globs, Path baseDir) {
    List<RulesError> problems = new ArrayList<>();
    TreeSet<Path> files = new TreeSet<>();
    for (String glob : globs) {
      List<Path> matches = expand(glob, baseDir);
      if (matches.isEmpty()) {
        problems.add(new RulesError(RulesError.Severity.WARNING, glob, 0, 0, "no rules file matches this pattern"));
      }
      files.addAll(matches);
    }
    if (files.isEmpty()) {
      problems.add(new RulesError(RulesError.Severity.WARNING, String.join(" ", globs), 0, 0,
          "no rules file found: every application is unmanaged"));
    }
    return loadFiles(List.copyOf(files), problems);
  }

  /** Loads exactly these files, in this order. */
  public static RulesFiles loadFiles(List<Path> files) {
    return loadFiles(files, new ArrayList<>());
  }

  /** Loads rules given as text, keyed by a file name used in messages; map order is loading order. */
  public static RulesFiles fromStrings(Map<String, String> contents) {
    List<RulesError> problems = new ArrayList<>();
    List<RulesDocument> documents = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    SecureXmlReader reader = new SecureXmlReader();
    contents.forEach((name, xml) ->
        readOne(reader, name, new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), documents, skipped, problems));
    return new RulesFiles(documents, skipped, problems);
  }

  /** Loads one document given as text. */
  public static RulesFiles fromString(String name, String xml) {
    return fromStrings(Map.of(name, xml));
  }

  private static RulesFiles loadFiles(List<Path> files, List<RulesError> problems) {
    List<RulesDocument> documents = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    SecureXmlReader reader = new SecureXmlReader();
    for (Path file : files) {
      String name = file.toString();
      try (InputStream in = Files.newInputStream(file)) {
        readOne(reader, name, in, documents, skipped, problems);
      } catch (IOException e) {
        problems.add(new RulesError(RulesError.Severity.ERROR, name, 0, 0, "cannot read the file: " + e.getMessage()));
        skipped.add(name);
      }
    }
    return new RulesFiles(documents, skipped, problems);
  }

  private static void readOne(
      SecureXmlReader reader, String name, InputStream in, List<RulesDocument> documents, List<String> skipped,
      List<RulesError> problems) {
    SecureXmlReader.Result result = reader.read(name, in);
    problems.addAll(result.errors());
    Optional<XmlNode> root = result.root();
    if (root.isEmpty()) {
      problems.add(new RulesError(RulesError.Severity.ERROR, name, 0, 0,
          "file skipped: none of its rules are applied; the other files are loaded"));
      skipped.add(name);
      return;
    }
    documents.add(new RulesReader(problems).read(name, root.get()));
  }

  /** Expands one glob the way Supervisor's include files are: no recursive {@code **}. */
  static List<Path> expand(String glob, Path baseDir) {
    Path pattern = baseDir.resolve(glob).toAbsolutePath().normalize();
    if (!hasGlobChars(pattern.toString())) {
      return Files.isRegularFile(pattern) ? List.of(pattern) : List.of();
    }
    Path root = pattern.getRoot();
    int firstGlob = 0;
    while (firstGlob < pattern.getNameCount() && !hasGlobChars(pattern.getName(firstGlob).toString())) {
      root = root.resolve(pattern.getName(firstGlob).toString());
      firstGlob++;
    }
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    int depth = pattern.getNameCount() - firstGlob;
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + escapeForMatcher(pattern.toString()));
    try (Stream<Path> walk = Files.walk(root, depth)) {
      return walk.filter(Files::isRegularFile).filter(matcher::matches).map(Path::toAbsolutePath).sorted().toList();
    } catch (IOException e) {
      return List.of();
    }
  }

  private static boolean hasGlobChars(String text) {
    return text.indexOf('*') >= 0 || text.indexOf('?') >= 0 || text.indexOf('[') >= 0;
  }

  /** Braces are literal in shell-style globs but special for the JDK's matcher. */
  private static String escapeForMatcher(String pattern) {
    return pattern.replace("{", "\\{").replace("}", "\\}");
  }
}
