package org.supvisors.http.xmlrpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonTextTest {

  @Test
  void floatsAsPythonPrintsThem() {
    assertEquals("2.0", PythonText.floatRepr(2.0));
    assertEquals("2.5", PythonText.floatRepr(2.5));
    assertEquals("-0.001", PythonText.floatRepr(-0.001));
    assertEquals("0.0001", PythonText.floatRepr(1e-4));
    assertEquals("1e-05", PythonText.floatRepr(1e-5));
    assertEquals("1.5e-07", PythonText.floatRepr(1.5e-7));
    assertEquals("1000000000000000.0", PythonText.floatRepr(1e15));
    assertEquals("1e+16", PythonText.floatRepr(1e16));
    assertEquals("-2.5e+20", PythonText.floatRepr(-2.5e20));
    assertEquals("0.0", PythonText.floatRepr(0.0));
    assertEquals("-0.0", PythonText.floatRepr(-0.0));
    assertEquals("inf", PythonText.floatRepr(Double.POSITIVE_INFINITY));
    assertEquals("nan", PythonText.floatRepr(Double.NaN));
  }

  @Test
  void strOfScalarsAndContainers() {
    assertEquals("abc", PythonText.str("abc"));
    assertEquals("True", PythonText.str(true));
    assertEquals("12", PythonText.str(12));
    assertEquals("12345678901234567890", PythonText.str(new BigInteger("12345678901234567890")));
    assertEquals("['CONFIG', 'LESS_LOADED']", PythonText.str(List.of("CONFIG", "LESS_LOADED")));
    assertEquals("[50, 40]", PythonText.str(List.of(50, 40)));
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("a", 1);
    map.put("b", List.of(false, 2.0));
    assertEquals("{'a': 1, 'b': [False, 2.0]}", PythonText.str(map));
    assertEquals("[\"it's\", 'a\\\\b']", PythonText.str(List.of("it's", "a\\b")));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource({
    "0.0001, 0.0001", "0.00015, 0.00015", "1.0E7, 10000000.0", "123456789.125, 123456789.125",
    "1.0000000000000005E15, 1000000000000000.5", "1.7955598678827746E9, 1795559867.8827746",
    "-2.5E8, -250000000.0", "5.0, 5.0", "0.001, 0.001"})
  void floatsInPythonsPlainRangeHaveNoExponent(double value, String python) {
    assertEquals(python, PythonText.floatRepr(value));
  }
}
