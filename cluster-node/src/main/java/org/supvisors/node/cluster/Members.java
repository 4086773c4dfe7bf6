package org.supvisors.node.cluster;

import akka.cluster.Member;
import java.util.Optional;

/**
 * Which Supvisors instance a cluster member is: every member carries the role
 * {@code id:<identifier>}. The actors of a member are found through the receptionist
 * ({@link Peers}), which maps them to identifiers with this role.
 */
public final class Members {

  public static final String ROLE_PREFIX = "id:";

  private Members() {}

  public static String role(String identifier) {
    return ROLE_PREFIX + identifier;
  }

  /** The Supvisors identifier of a cluster member, from its role. */
  public static Optional<String> identifierOf(Member member) {
    for (String role : member.getRoles()) {
      if (role.startsWith(ROLE_PREFIX)) {
        return Optional.of(role.substring(ROLE_PREFIX.length()));
      }
    }
    return Optional.empty();
  }

  /** Actor names allow a limited alphabet; identifiers and namespecs may hold ':' and others. */
  public static String safeName(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
