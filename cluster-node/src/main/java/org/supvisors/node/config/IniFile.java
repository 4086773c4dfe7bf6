package org.supvisors.node.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An INI file read the way Supervisor reads {@code supervisord.conf}: Python's {@code RawConfigParser} with
 * {@code ;} and {@code #} as full-line and inline comment prefixes and non-strict duplicates.
 *
 * <p>So: {@code key = value} or {@code key: value} (the first {@code =} or {@code :} splits), keys lower-cased,
 * inline comments only after a blank, indented lines continue the previous value (joined with new lines), a later
 * section or key of the same name merges into or replaces the earlier one, and {@code [DEFAULT]} values show in
 * every section. Values are raw: expansion ({@link #expand}) is the caller's business, as in Supervisor.
 */
final class IniFile {

  private static final String DEFAULT_SECTION = "DEFAULT";
  private static final Pattern SECTION = Pattern.compile("\\[(?<header>[^]]+)\\]");
  private static final Pattern OPTION = Pattern.compile("(?<option>.*?)\\s*[=:]\\s*(?<value>.*)");
  private static final Pattern FORMAT = Pattern.compile("%(?:%|\\((?<name>[^)]*)\\)s)");

  private final String source;
  private final Map<String, Map<String, String>> sections;

  private IniFile(String source, Map<String, Map<String, String>> sections) {
    this.source = source;
    this.sections = sections;
  }

  /** Reads a file; a missing or unreadable file is fatal. */
  static IniFile read(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    } catch (IOException e) {
      throw new ConfigurationException("could not read " + file + ": " + e, e);
    }
  }

  /** Parses INI text; {@code source} names it in error messages. */
  static IniFile parse(String text, String source) {
    Map<String, Map<String, List<String>>> raw = new LinkedHashMap<>();
    Map<String, List<String>> current = null;
    String option = null;
    int indentLevel = 0;
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i];
      int commentStart = commentStart(line);
      String value = (commentStart < 0 ? line : line.substring(0, commentStart)).strip();
      if (value.isEmpty()) {
        // A blank line inside a multi-line value belongs to it; a comment line does not.
        if (commentStart < 0 && current != null && option != null) {
          current.get(option).add("");
        }
        continue;
      }
      int indent = firstNonSpace(line);
      if (current != null && option != null && indent > indentLevel) {
        current.get(option).add(value);
        continue;
      }
      indentLevel = indent;
      Matcher section = SECTION.matcher(value);
      if (section.lookingAt()) {
        current = raw.computeIfAbsent(section.group("header"), k -> new LinkedHashMap<>());
        option = null;
      } else if (current == null) {
        throw new ConfigurationException(
            "File contains no section headers: " + source + ", line " + (i + 1) + ": " + OptionParsers.pyRepr(line));
      } else {
        Matcher matcher = OPTION.matcher(value);
        if (!matcher.matches() || matcher.group("option").isEmpty()) {
          throw new ConfigurationException(
              "Source contains parsing errors: " + source + ", line " + (i + 1) + ": " + OptionParsers.pyRepr(line));
        }
        option = matcher.group("option").strip().toLowerCase(Locale.ROOT);
        List<String> values = new ArrayList<>();
        values.add(matcher.group("value").strip());
        current.put(option, values);
      }
    }
    Map<String, Map<String, String>> sections = new LinkedHashMap<>();
    raw.forEach((name, options) -> {
      Map<String, String> joined = new LinkedHashMap<>();
      options.forEach((key, values) -> joined.put(key, String.join("\n", values).stripTrailing()));
      sections.put(name, joined);
    });
    return new IniFile(source, sections);
  }

  /** Where the text came from. */
  String source() {
    return source;
  }

  /** The section names in file order, {@code DEFAULT} excluded. */
  List<String> sections() {
    return sections.keySet().stream().filter(s -> !s.equals(DEFAULT_SECTION)).toList();
  }

  boolean hasSection(String section) {
    return !section.equals(DEFAULT_SECTION) && sections.containsKey(section);
  }

  /** The raw value of a key (name case-insensitive), falling back on {@code [DEFAULT]}. */
  Optional<String> get(String section, String key) {
    return Optional.ofNullable(items(section).get(key.toLowerCase(Locale.ROOT)));
  }

  /** Every raw key and value of a section, {@code [DEFAULT]} ones included; empty when the section is absent. */
  Map<String, String> items(String section) {
    if (!hasSection(section)) {
      return Map.of();
    }
    Map<String, String> result = new LinkedHashMap<>(sections.getOrDefault(DEFAULT_SECTION, Map.of()));
    result.putAll(sections.get(section));
    return result;
  }

  /** Adds the sections of another file over the ones of this file, as Supervisor's {@code [include]} does. */
  IniFile merge(IniFile other) {
    Map<String, Map<String, String>> merged = new LinkedHashMap<>();
    sections.forEach((name, options) -> merged.put(name, new LinkedHashMap<>(options)));
    other.sections.forEach((name, options) -> merged.computeIfAbsent(name, k -> new LinkedHashMap<>())
        .putAll(options));
    return new IniFile(source, merged);
  }

  /**
   * Python's {@code value % expansions}, as Supervisor's {@code expand}: {@code %(name)s} is replaced, {@code %%}
   * becomes {@code %}, any other {@code %} is an error.
   *
   * @param deferred names left as {@code %(name)s} for a later expansion (Supvisors expands {@code here} in
   *     {@code rules_files} itself)
   * @param name the option, for the error message
   */
  static String expand(String value, Map<String, String> expansions, Set<String> deferred, String name) {
    StringBuilder result = new StringBuilder();
    Matcher matcher = FORMAT.matcher(value);
    int last = 0;
    while (matcher.find()) {
      String before = value.substring(last, matcher.start());
      if (before.indexOf('%') >= 0) {
        throw badFormat(value, name);
      }
      result.append(before);
      String key = matcher.group("name");
      if (key == null) {
        result.append('%');
      } else if (expansions.containsKey(key)) {
        result.append(expansions.get(key));
      } else if (deferred.contains(key)) {
        result.append(matcher.group());
      } else {
        Set<String> available = new TreeSet<>(deferred);
        expansions.keySet().stream().filter(k -> !k.startsWith("ENV_")).forEach(available::add);
        available.add("ENV_*");
        throw new ConfigurationException("Format string " + OptionParsers.pyRepr(value) + " for "
            + OptionParsers.pyRepr(name) + " contains names ('" + key + "') which cannot be expanded."
            + " Available names: " + String.join(", ", available));
      }
      last = matcher.end();
    }
    if (value.indexOf('%', last) >= 0) {
      throw badFormat(value, name);
    }
    return result.append(value.substring(last)).toString();
  }

  private static ConfigurationException badFormat(String value, String name) {
    return new ConfigurationException("Format string " + OptionParsers.pyRepr(value) + " for "
        + OptionParsers.pyRepr(name) + " is badly formatted");
  }

  /** Where the comment starts, or -1: full-line comment, else {@code ;} or {@code #} at the start or after a blank. */
  private static int commentStart(String line) {
    String stripped = line.strip();
    if (stripped.startsWith(";") || stripped.startsWith("#")) {
      return 0;
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if ((c == ';' || c == '#') && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return i;
      }
    }
    return -1;
  }

  private static int firstNonSpace(String line) {
    int i = 0;
    while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    return i;
  }
}
