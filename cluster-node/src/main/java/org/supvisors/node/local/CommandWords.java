package org.supvisors.node.local;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits extra arguments into words the way supervisord splits a command line (Python's
 * {@code shlex.split} in POSIX mode), so that a process started through the launcher sees the
 * arguments Supvisors would have given it. Nothing is evaluated: no variables, no command
 * substitution, no globbing, no comments.
 *
 * <ul>
 *   <li>blanks (space, tab, carriage return, newline) separate words;
 *   <li>{@code '...'} keeps everything in it as is;
 *   <li>{@code "..."} keeps everything in it as is, except that {@code \"} and {@code \\} stand for
 *       {@code "} and {@code \} (any other backslash stays);
 *   <li>outside quotes, a backslash keeps the next character as is, whatever it is;
 *   <li>quoted parts and plain parts next to each other make one word; {@code ''} is an empty word.
 * </ul>
 */
public final class CommandWords {

  private CommandWords() {}

  /** @throws IllegalArgumentException for an unclosed quote or a final lone backslash (shlex's messages) */
  public static List<String> split(String text) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i++);
      if (c == '\'') {
        int end = text.indexOf('\'', i);
        if (end < 0) {
          throw new IllegalArgumentException("No closing quotation");
        }
        word.append(text, i, end);
        i = end + 1;
        inWord = true;
      } else if (c == '"') {
        i = doubleQuoted(text, i, word);
        inWord = true;
      } else if (c == '\\') {
        if (i >= n) {
          throw new IllegalArgumentException("No escaped character");
        }
        word.append(text.charAt(i++));
        inWord = true;
      } else if (isBlank(c)) {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** Appends the inside of a double-quoted part starting at {@code i}; returns the index after its closing quote. */
  private static int doubleQuoted(String text, int i, StringBuilder word) {
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i++);
      if (c == '"') {
        return i;
      }
      if (c == '\\' && i < n && (text.charAt(i) == '"' || text.charAt(i) == '\\')) {
        word.append(text.charAt(i++));
      } else if (c == '\\' && i >= n) {
        throw new IllegalArgumentException("No escaped character");
      } else {
        word.append(c);
      }
    }
    throw new IllegalArgumentException("No closing quotation");
  }

  private static boolean isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }
}
