package org.supvisors.node.cluster;

import akka.actor.typed.ActorRef;
import akka.actor.typed.ActorRefResolver;
import akka.cluster.Member;
import java.util.Optional;

/**
 * How nodes find each other's actors: every member carries the role {@code id:<identifier>}, and
 * every node's table actors live at fixed paths under {@code /user}, so a member that is Up can be
 * addressed at once, without waiting for a registry to spread.
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

  /** The actor named {@code name} under /user on that member. */
  public static <T> ActorRef<T> actorOn(ActorRefResolver resolver, Member member, String name) {
    return resolver.resolveActorRef(member.address().toString() + "/user/" + name);
  }

  /** Actor names allow a limited alphabet; identifiers and namespecs may hold ':' and others. */
  public static String safeName(String text) {
    return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
  }
}
