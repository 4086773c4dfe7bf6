package org.supvisors.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Builds option lookups over {@code reference.conf} without files. */
final class TestLookups {

  private TestLookups() {}

  /**
   * @param hocon user HOCON values, keyed by option name (under {@code supvisors})
   * @param ini supervisord.conf options
   * @param here the directory of both sources
   */
  static OptionLookup lookup(Map<String, ?> hocon, Map<String, String> ini, Path here) {
    Map<String, Object> prefixed = new HashMap<>();
    hocon.forEach((k, v) -> prefixed.put(OptionLookup.ROOT + "." + k, v));
    Config user = ConfigFactory.parseMap(prefixed);
    Config full = user.withFallback(ConfigFactory.defaultReference()).resolve();
    return new OptionLookup(user, full, here, ini, here);
  }

  /** Options from supervisord.conf text values only. */
  static SupvisorsOptions iniOptions(Map<String, String> ini, Path here) {
    return new SupvisorsOptionsParser(lookup(Map.of(), ini, here), Map.of(), "rocky51", here).parse();
  }
}
