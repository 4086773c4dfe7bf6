package org.supvisors.node.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The expected words are what Python's shlex.split answers for the same text. */
class CommandWordsTest {

  @Test
  void blanksSeparateAndQuotesGroup() {
    assertEquals(List.of("-x", "a b"), CommandWords.split("-x 'a b'"));
    assertEquals(List.of("ab cd"), CommandWords.split("a\"b c\"d"));
    assertEquals(List.of("a", "b"), CommandWords.split(" \t a\n b "));
    assertEquals(List.of(), CommandWords.split(""));
    assertEquals(List.of(), CommandWords.split("   "));
  }

  @Test
  void emptyQuotesAreAnEmptyWord() {
    assertEquals(List.of(""), CommandWords.split("''"));
    assertEquals(List.of("a", "", "b"), CommandWords.split("a '' b"));
  }

  @Test
  void backslashesFollowShlex() {
    assertEquals(List.of("a b"), CommandWords.split("a\\ b"));
    assertEquals(List.of("x\ny"), CommandWords.split("x\\\ny"));
    // In double quotes only \" and \\ lose their backslash.
    assertEquals(List.of("a\"b\\c\\d"), CommandWords.split("\"a\\\"b\\\\c\\d\""));
    assertEquals(List.of("\\$x"), CommandWords.split("\"\\$x\""));
    assertEquals(List.of("it's"), CommandWords.split("'it'\\''s'"));
  }

  @Test
  void nothingIsEvaluated() {
    assertEquals(List.of("$HOME", "*.txt", "$(id)", "`id`", "#", "x", "~", ";", "|"),
        CommandWords.split("$HOME *.txt $(id) `id` # x ~ ; |"));
  }

  @Test
  void unbalancedTextIsRefusedWithShlexMessages() {
    assertEquals("No closing quotation", assertThrows(IllegalArgumentException.class,
        () -> CommandWords.split("'a")).getMessage());
    assertEquals("No closing quotation", assertThrows(IllegalArgumentException.class,
        () -> CommandWords.split("\"a")).getMessage());
    assertEquals("No escaped character", assertThrows(IllegalArgumentException.class,
        () -> CommandWords.split("a\\")).getMessage());
    assertEquals("No escaped character", assertThrows(IllegalArgumentException.class,
        () -> CommandWords.split("\"a\\")).getMessage());
  }
}
