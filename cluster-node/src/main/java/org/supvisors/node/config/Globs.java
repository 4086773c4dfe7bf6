package org.supvisors.node.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Python's {@code glob.glob} for the globs of {@code rules_files} and {@code [include] files}: {@code *}, {@code ?}
 * and {@code [...]} within one path component, no recursion, hidden names matched only by a pattern that starts
 * with a dot.
 */
final class Globs {

  private Globs() {}

  /**
   * The existing paths matching {@code pattern}, absolute, normalized, sorted, without duplicates.
   *
   * @param base the directory a relative pattern starts from
   */
  static List<Path> expand(String pattern, Path base) {
    Path path = base.resolve(pattern).toAbsolutePath().normalize();
    List<Path> current = List.of(path.getRoot());
    for (Path component : path) {
      String name = component.toString();
      List<Path> next = new ArrayList<>();
      for (Path dir : current) {
        if (!hasMagic(name)) {
          Path candidate = dir.resolve(name);
          if (Files.exists(candidate)) {
            next.add(candidate);
          }
        } else if (Files.isDirectory(dir)) {
          next.addAll(matching(dir, name));
        }
      }
      current = next;
    }
    return List.copyOf(new TreeSet<>(current));
  }

  private static List<Path> matching(Path dir, String pattern) {
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + escapeJavaOnly(pattern));
    boolean hiddenAllowed = pattern.startsWith(".");
    List<Path> result = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        Path name = entry.getFileName();
        if ((hiddenAllowed || !name.toString().startsWith(".")) && matcher.matches(name)) {
          result.add(entry);
        }
      }
    } catch (IOException e) {
      // An unreadable directory matches nothing, as in Python.
    }
    return result;
  }

  private static boolean hasMagic(String name) {
    return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
  }

  /** Java globs also know {@code {a,b}} and {@code \} escapes; Python's do not, so these are literal here. */
  private static String escapeJavaOnly(String pattern) {
    return pattern.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}");
  }
}
