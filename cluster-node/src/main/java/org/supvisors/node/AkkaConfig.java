package org.supvisors.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.supvisors.node.config.NodeSettings;
import org.supvisors.node.cluster.ClusterFormation;
import org.supvisors.node.cluster.Members;
import org.supvisors.node.journal.Journal;

/**
 * The Akka settings that follow from the Supvisors options: Artery on the instance's
 * {@code internal_port}, cluster roles describing the instance (see {@link Members}), and the {@code core} role when the
 * instance may host the Master; cluster formation (see {@link ClusterFormation}); the Master's journal
 * (see {@link Journal}). Everything else comes from the
 * configuration files.
 */
public final class AkkaConfig {

  public static final String CORE_ROLE = "core";
  public static final String SYSTEM_NAME = "supvisors";

  private AkkaConfig() {}

  public static Config build(NodeSettings settings) {
    Map<String, Object> values = new HashMap<>();
    values.put("akka.remote.artery.canonical.hostname", settings.local().hostId());
    values.put("akka.remote.artery.canonical.port", settings.local().internalPort());
    values.put("akka.remote.artery.bind.hostname", settings.bindHost());
    values.put("akka.remote.artery.bind.port", settings.local().internalPort());
    values.put("akka.cluster.roles", roles(settings));
    values.putAll(ClusterFormation.values(settings));
    // The journal overlay sits above the whole configuration: Akka's reference.conf sets no journal plugin.
    return ConfigFactory.parseMap(values).withFallback(Journal.config(settings)).withFallback(settings.config())
        .resolve();
  }

  static List<String> roles(NodeSettings settings) {
    // The whole profile, not only the identifier: in discovery mode the others add this instance from its member.
    List<String> roles = new ArrayList<>(Members.roles(settings.local(), settings.options().stereotypes()));
    if (isCore(settings)) {
      roles.add(CORE_ROLE);
    }
    return roles;
  }

  /** Core instance: named in core_identifiers directly or through one of its stereotypes. */
  public static boolean isCore(NodeSettings settings) {
    List<String> core = settings.options().coreIdentifiers();
    return core.contains(settings.local().identifier())
        || settings.options().stereotypes().stream().anyMatch(core::contains);
  }
}
