package org.supvisors.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ForeignClusterWatchTest {

  private static final FormationRule RULE = new FormationRule(
      Set.of("supv-01", "supv-02", "supv-03"), List.of(), Duration.ofSeconds(3), Duration.ofSeconds(15));

  @Test
  void theLargerClusterWins() {
    assertTrue(ForeignClusterWatch.otherWins(List.of("supv-01"), List.of("supv-02", "supv-03"), RULE));
    assertFalse(ForeignClusterWatch.otherWins(List.of("supv-02", "supv-03"), List.of("supv-01"), RULE));
  }

  @Test
  void onATieTheFirstInElectionOrderWins() {
    assertTrue(ForeignClusterWatch.otherWins(List.of("supv-02"), List.of("supv-01"), RULE));
    assertFalse(ForeignClusterWatch.otherWins(List.of("supv-01"), List.of("supv-02"), RULE));
    FormationRule core = new FormationRule(RULE.listed(), List.of("supv-03"), Duration.ZERO, Duration.ZERO);
    assertTrue(ForeignClusterWatch.otherWins(List.of("supv-01"), List.of("supv-03"), core));
  }

  @Test
  void readsTheReachableUpMembersOfManagementsMembersRoute() {
    String body = """
        {"leader":"akka://supvisors@h:2","oldest":"akka://supvisors@h:2","selfNode":"akka://supvisors@h:2",
         "members":[
           {"node":"akka://supvisors@h:2","nodeUid":"1","roles":["id:supv-02","dc-default"],"status":"Up"},
           {"node":"akka://supvisors@h:3","nodeUid":"2","roles":["dc-default","id:supv-03"],"status":"WeaklyUp"},
           {"node":"akka://supvisors@h:4","nodeUid":"3","roles":["id:supv-04"],"status":"Joining"},
           {"node":"akka://supvisors@h:1","nodeUid":"4","roles":["id:supv-01"],"status":"Up"}],
         "unreachable":[{"node":"akka://supvisors@h:1","observedBy":["akka://supvisors@h:2"]}]}
        """;
    assertEquals(Optional.of(List.of("supv-02", "supv-03")), ForeignClusterWatch.parseMembers(body));
  }

  @Test
  void aNodeOutsideAnyClusterOrAGarbledAnswerIsNoCluster() {
    assertEquals(Optional.empty(), ForeignClusterWatch.parseMembers("{\"members\":[],\"unreachable\":[]}"));
    assertEquals(Optional.empty(), ForeignClusterWatch.parseMembers("<html>"));
  }
}
