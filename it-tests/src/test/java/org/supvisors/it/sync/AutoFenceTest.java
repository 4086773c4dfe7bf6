package org.supvisors.it.sync;

import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.supvisors.it.harness.Await;
import org.supvisors.it.harness.Cluster;
import org.supvisors.it.harness.ClusterExtension;
import org.supvisors.it.harness.ClusterSpec;

/** auto_fence=true: a lost instance is ISOLATED for good (until the observers' own supervisord restarts). */
class AutoFenceTest {

    /** Several inactivity periods (inactivity_ticks=2 at 1 s ticks) after the restarted node answers. */
    private static final Duration STAYS_ISOLATED = Duration.ofSeconds(10);

    @RegisterExtension
    static final ClusterExtension CLUSTER = ClusterExtension.of(ClusterSpec.of(3).option("auto_fence", "true"));

    @Test
    void killedInstanceIsIsolatedAndStaysIsolatedWhenRestarted() {
        Cluster cluster = CLUSTER.cluster();
        String master = cluster.awaitOperation(cluster.identifiers(), Timeouts.STARTUP);
        List<String> others = cluster.othersThan(master);
        String victim = others.get(others.size() - 1);
        List<String> observers = cluster.othersThan(victim);

        cluster.kill9(victim);

        cluster.awaitInstanceState(observers, victim, "ISOLATED", Timeouts.DETECTION);

        cluster.launch(victim);
        Await.until(victim + " node answers again", Timeouts.REJOIN,
                () -> cluster.supvisors(victim).fsmState(), state -> !state.isEmpty());

        Await.holds(victim + " stays ISOLATED on " + observers, STAYS_ISOLATED,
                () -> observers.stream().collect(Collectors.toMap(o -> o,
                        o -> cluster.supvisors(o).instanceState(victim))),
                seen -> seen.values().stream().allMatch("ISOLATED"::equals));
        cluster.awaitOperation(observers, Timeouts.DETECTION);
    }
}
