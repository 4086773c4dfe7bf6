/**
 * Integration tests of the commander (Starter, Stopper, failure strategies, conciliation, restart and shutdown),
 * against real supervisord instances and nodes on 127.0.0.1. They drive the product only through the nodes'
 * {@code supvisors.*} XML-RPC methods (compat/xmlrpc.md §5), supervisord's own XML-RPC (to provoke conflicts, crash
 * or read a program), and kill -9 of whole instances.
 *
 * <table>
 *   <caption>Classes</caption>
 *   <tr><th>Class</th><th>Cluster</th><th>Checks</th></tr>
 *   <tr><td>{@link org.supvisors.it.commander.Scenario1Test}</td><td>supv-01..03, conf/scenario-1</td>
 *       <td>manual ch. 10: deployment held by the NFS mount (wait_exit), fixed distribution, major failure,
 *       restart_application, start only where defined</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.Scenario1LocalhostTest}</td><td>one instance</td>
 *       <td>ch. 10 requirements 6, 7: the developers' configuration starts at once</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.Scenario2Test}</td><td>2 servers, 2 consoles, conf/scenario-2</td>
 *       <td>ch. 11: scen2_srv_N LESS_LOADED on servers, refused on consoles, restarted on crash and server loss;
 *       scen2_hci_N LOCAL, once, stopped from anywhere, stopped on crash, not restarted on console loss</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.Scenario3Test}</td><td>2 servers, 2 consoles, conf/scenario-3</td>
 *       <td>ch. 12: scen3_srv spread over servers, hci per console after it, loads, RESTART_PROCESS on server
 *       loss, no restart on console loss</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.SequencingTest}</td><td>2 instances</td>
 *       <td>wait_exit; starting failure ABORT, STOP, CONTINUE; stop sequence</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.RestartAndExtraArgsTest}</td><td>2 instances</td>
 *       <td>restart_application, restart_process, extra arguments through the launcher</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.ConciliationTest}</td><td>2 instances, one per test</td>
 *       <td>SENICIDE keeps the youngest; USER waits for conciliate(INFANTICIDE), which keeps the oldest</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.ShutdownTest}</td><td>2 instances</td>
 *       <td>shutdown(): SHUTTING_DOWN, global stop sequence, every supervisord exits</td></tr>
 *   <tr><td>{@link org.supvisors.it.commander.MasterLossDuringDeploymentTest}</td><td>3 instances</td>
 *       <td>Master killed during a deployment: finished by the new Master, in sequence</td></tr>
 * </table>
 */
package org.supvisors.it.commander;
