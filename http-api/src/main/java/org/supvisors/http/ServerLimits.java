package org.supvisors.http;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import java.time.Duration;
import java.util.Objects;

/**
 * The limits the node's HTTP server puts on slow clients, from {@code supvisors.http} (see this
 * module's {@code reference.conf}). Akka HTTP's own limits (connections, idle and request timeouts,
 * entity size) stay in {@code akka.http.server}.
 *
 * @param requestHeaderTimeout how long a new connection may take to deliver the headers of its
 *     first request before it is closed
 * @param requestEntityTimeout how long a request body may take to arrive once its headers are in
 */
public record ServerLimits(Duration requestHeaderTimeout, Duration requestEntityTimeout) {

  /** The configuration block of these settings. */
  public static final String PATH = "supvisors.http";

  public ServerLimits {
    requestHeaderTimeout = positive("request_header_timeout", requestHeaderTimeout);
    requestEntityTimeout = positive("request_entity_timeout", requestEntityTimeout);
  }

  /**
   * Reads {@code supvisors.http} of a resolved configuration.
   *
   * @throws IllegalArgumentException naming the key when a value is missing, not a duration or not
   *     positive
   */
  public static ServerLimits from(Config config) {
    return new ServerLimits(
        duration(config, "request_header_timeout"), duration(config, "request_entity_timeout"));
  }

  private static Duration duration(Config config, String key) {
    String path = PATH + "." + key;
    try {
      return config.getDuration(path);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "invalid value for " + path + ": " + e.getMessage() + ". a positive duration expected", e);
    }
  }

  private static Duration positive(String key, Duration value) {
    Objects.requireNonNull(value, key);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(
          "invalid value for " + PATH + "." + key + ": " + value + ". a positive duration expected");
    }
    return value;
  }
}
