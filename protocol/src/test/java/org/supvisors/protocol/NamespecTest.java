package org.supvisors.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NamespecTest {

  @Test
  void supervisorNamingRules() {
    assertEquals(new Namespec("g", "p"), Namespec.parse("g:p"));
    assertEquals(new Namespec("p", "p"), Namespec.parse("p"));
    assertTrue(Namespec.parse("g:*").wholeGroup());
    assertTrue(Namespec.parse("g:").wholeGroup());
    assertFalse(Namespec.parse("g:p").wholeGroup());
  }

  @Test
  void aProcessNamedAfterItsGroupIsWrittenAlone() {
    assertEquals("p", Namespec.of("p", "p"));
    assertEquals("g:p", Namespec.of("g", "p"));
    assertEquals("g:*", Namespec.parse("g:").toString());
  }
}
