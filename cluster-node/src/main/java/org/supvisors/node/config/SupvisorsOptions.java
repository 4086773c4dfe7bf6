package org.supvisors.node.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.supvisors.protocol.ConciliationStrategy;
import org.supvisors.protocol.EventLink;
import org.supvisors.protocol.LogLevel;
import org.supvisors.protocol.StartingStrategy;
import org.supvisors.protocol.SynchroOption;

/**
 * The options of Supvisors' {@code [rpcinterface:supvisors]} section, converted and validated.
 *
 * <p>Names and defaults are those of Supvisors 0.17.4. Port options keep Supvisors' {@code 0} for "derived from the
 * instance ports"; {@link NodeSettings} holds the derived values.
 *
 * @param supvisorsList the raw items, empty ones dropped, duplicates removed, order kept
 * @param rulesFiles the rules files found by expanding {@code rulesFilesPatterns}: absolute, sorted, no duplicate
 * @param rulesFilesPatterns the globs as written, before expansion
 * @param internalPort {@code 0} when unset
 * @param eventPort {@code 0} when unset
 * @param synchroOptions the options left after the post-check (never empty)
 * @param synchroTimeout seconds
 * @param statsCollectingPeriod seconds
 * @param statsPeriods seconds, ascending
 * @param logfile {@code AUTO} (Supervisor's logger), {@code NONE}, {@code SYSLOG} or a path with {@code ~} expanded
 */
public record SupvisorsOptions(
    List<String> supvisorsList,
    Set<String> stereotypes,
    Optional<String> multicastGroup,
    Optional<String> multicastInterface,
    int multicastTtl,
    List<Path> rulesFiles,
    List<String> rulesFilesPatterns,
    int internalPort,
    EventLink eventLink,
    int eventPort,
    boolean autoFence,
    List<SynchroOption> synchroOptions,
    int synchroTimeout,
    int inactivityTicks,
    List<String> coreIdentifiers,
    Optional<Path> disabilitiesFile,
    StartingStrategy startingStrategy,
    ConciliationStrategy conciliationStrategy,
    boolean hostStatsEnabled,
    boolean processStatsEnabled,
    double statsCollectingPeriod,
    List<Double> statsPeriods,
    int statsHisto,
    boolean statsIrixMode,
    long tailLimit,
    long tailfLimit,
    String logfile,
    long logfileMaxbytes,
    int logfileBackups,
    LogLevel loglevel) {

  public SupvisorsOptions {
    supvisorsList = List.copyOf(supvisorsList);
    // Keep the written order: the stereotypes are shown and shared in that order.
    stereotypes = Collections.unmodifiableSet(new LinkedHashSet<>(stereotypes));
    rulesFiles = List.copyOf(rulesFiles);
    rulesFilesPatterns = List.copyOf(rulesFilesPatterns);
    synchroOptions = List.copyOf(synchroOptions);
    coreIdentifiers = List.copyOf(coreIdentifiers);
    statsPeriods = List.copyOf(statsPeriods);
  }

  /** Supvisors' discovery mode: on when a multicast group is set. */
  public boolean discoveryMode() {
    return multicastGroup.isPresent();
  }
}
