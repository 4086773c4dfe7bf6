package org.supvisors.node.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The raw text of each option, from the layers in precedence order: the user's HOCON ({@code --config}, system
 * properties, {@code application.conf}), then {@code supervisord.conf}, then {@code reference.conf}.
 *
 * <p>HOCON values of any type become the same text as in {@code supervisord.conf} (lists joined with the option's
 * separator), so that one set of conversions applies. A {@code null} in the user's HOCON unsets the option, even if
 * {@code supervisord.conf} sets it.
 */
final class OptionLookup {

  /** The HOCON block of the options. */
  static final String ROOT = "supvisors";

  /**
   * The text of one option and where it comes from.
   *
   * @param here the directory that {@code %(here)s} stands for in this value
   * @param origin where the value was written, for messages
   */
  record RawValue(String text, Path here, String origin) {}

  private final Config user;
  private final Config full;
  private final Path hoconHere;
  private final Map<String, String> ini;
  private final Path iniHere;

  /**
   * @param user the user layers only (no {@code reference.conf}), unresolved
   * @param full every layer, resolved
   * @param hoconHere the directory of the user's HOCON file (the working directory when none)
   * @param ini the options of {@code supervisord.conf}, empty when none
   * @param iniHere the directory of {@code supervisord.conf}
   */
  OptionLookup(Config user, Config full, Path hoconHere, Map<String, String> ini, Path iniHere) {
    this.user = user;
    this.full = full;
    this.hoconHere = hoconHere;
    this.ini = ini;
    this.iniHere = iniHere;
  }

  /** The value of an option whose list items are comma-separated. */
  Optional<RawValue> get(String key) {
    return get(key, ",");
  }

  /**
   * The value of an option.
   *
   * @param key the option name, a path under {@code supvisors} (e.g. {@code supervisord.url})
   * @param separator joins the items of a HOCON list
   */
  Optional<RawValue> get(String key, String separator) {
    if (userHas(ROOT + "." + key)) {
      return user(key, separator);
    }
    if (ini.containsKey(key)) {
      return Optional.of(new RawValue(ini.get(key), iniHere, "supervisord.conf"));
    }
    return reference(key, separator);
  }

  /** True when the user's HOCON sets the option, {@code null} included. */
  boolean userSets(String key) {
    return userHas(ROOT + "." + key);
  }

  /** The value of the user's HOCON, without looking at {@code supervisord.conf}. */
  Optional<RawValue> user(String key, String separator) {
    return hocon(ROOT + "." + key, key, separator, "HOCON configuration");
  }

  /** The value of {@code reference.conf} (or of the user's HOCON when it sets it). */
  Optional<RawValue> reference(String key, String separator) {
    return hocon(ROOT + "." + key, key, separator, "reference.conf");
  }

  private boolean userHas(String path) {
    try {
      return user.hasPathOrNull(path);
    } catch (ConfigException e) {
      // A parent is not an object: say it is set, so that reading it reports the error.
      return true;
    }
  }

  private Optional<RawValue> hocon(String path, String key, String separator, String origin) {
    try {
      if (!full.hasPathOrNull(path) || full.getIsNull(path)) {
        return Optional.empty();
      }
      ConfigValue value = full.getValue(path);
      String text = switch (value.valueType()) {
        case LIST -> join(key, full.getList(path).stream().toList(), separator);
        case OBJECT -> throw new ConfigurationException(
            "invalid value for " + key + ": " + value.render(ConfigRenderOptions.concise())
                + ". a value or a list expected");
        default -> full.getString(path);
      };
      return Optional.of(new RawValue(text, hoconHere, origin));
    } catch (ConfigException e) {
      throw new ConfigurationException("invalid value for " + key + ": " + e.getMessage(), e);
    }
  }

  private static String join(String key, List<ConfigValue> items, String separator) {
    List<String> texts = new ArrayList<>();
    for (ConfigValue item : items) {
      if (item.valueType() == ConfigValueType.LIST || item.valueType() == ConfigValueType.OBJECT) {
        throw new ConfigurationException(
            "invalid value for " + key + ": " + item.render(ConfigRenderOptions.concise())
                + ". a list of values expected");
      }
      texts.add(item.valueType() == ConfigValueType.NULL ? "" : String.valueOf(item.unwrapped()));
    }
    return String.join(separator, texts);
  }
}
