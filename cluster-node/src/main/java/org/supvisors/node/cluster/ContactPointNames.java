package org.supvisors.node.cluster;

import akka.actor.AbstractExtensionId;
import akka.actor.ActorSystem;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import akka.actor.ExtensionIdProvider;
import com.typesafe.config.Config;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Supvisors instance answers at a contact point ({@code host:management port}). Cluster Bootstrap knows
 * contact points only by address; the join decision needs identifiers, for the manual's election of the first
 * Master. Filled from the configured instances ({@code supvisors.cluster-formation.contact-points}) and by the
 * discovery methods that learn instances at run time (multicast).
 */
public final class ContactPointNames implements Extension {

  public static final Id ID = new Id();

  private final Map<String, String> names = new ConcurrentHashMap<>();

  ContactPointNames(Config config) {
    String path = ClusterFormation.CONTACT_POINTS;
    if (config.hasPath(path)) {
      for (Config point : config.getConfigList(path)) {
        put(point.getString("host"), point.getInt("port"), point.getString("identifier"));
      }
    }
  }

  public static ContactPointNames get(ActorSystem system) {
    return ID.get(system);
  }

  public void put(String host, int port, String identifier) {
    names.put(key(host, port), identifier);
  }

  public Optional<String> identifierAt(String host, int port) {
    return Optional.ofNullable(names.get(key(host, port)));
  }

  private static String key(String host, int port) {
    return host + ":" + port;
  }

  public static final class Id extends AbstractExtensionId<ContactPointNames> implements ExtensionIdProvider {
    @Override
    public ContactPointNames createExtension(ExtendedActorSystem system) {
      return new ContactPointNames(system.settings().config());
    }

    @Override
    public Id lookup() {
      return ID;
    }
  }
}
