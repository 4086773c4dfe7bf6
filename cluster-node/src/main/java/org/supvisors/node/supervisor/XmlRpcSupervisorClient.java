package org.supvisors.node.supervisor;

import java.net.MalformedURLException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.apache.xmlrpc.XmlRpcException;
import org.apache.xmlrpc.client.XmlRpcClient;
import org.apache.xmlrpc.client.XmlRpcClientConfigImpl;
import org.supvisors.protocol.Coded;
import org.supvisors.protocol.SupervisorState;

/**
 * {@link SupervisorClient} over Apache XML-RPC. Calls are blocking inside the library, so they run
 * on the executor given (the node's dedicated blocking dispatcher), never on an actor's thread.
 */
public final class XmlRpcSupervisorClient implements SupervisorClient {

  private final XmlRpcClient client;
  private final Executor blockingExecutor;

  public XmlRpcSupervisorClient(
      String url, String username, String password, int timeoutMillis, Executor blockingExecutor) {
    XmlRpcClientConfigImpl config = new XmlRpcClientConfigImpl();
    try {
      config.setServerURL(new URL(url));
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException("invalid supervisord URL: " + url, e);
    }
    if (username != null && !username.isEmpty()) {
      config.setBasicUserName(username);
      config.setBasicPassword(password);
    }
    config.setConnectionTimeout(timeoutMillis);
    config.setReplyTimeout(timeoutMillis);
    // Supervisor speaks plain XML-RPC: no Apache extensions (i8, nil, serializable).
    config.setEnabledForExtensions(false);
    this.client = new XmlRpcClient();
    this.client.setConfig(config);
    this.blockingExecutor = blockingExecutor;
  }

  @Override
  public CompletionStage<SupervisorState> getState() {
    return call("supervisor.getState", List.of())
        .thenApply(
            result -> {
              Object code = ((Map<?, ?>) result).get("statecode");
              return Coded.byCode(SupervisorState.class, ((Number) code).intValue())
                  .orElseThrow(() -> new IllegalStateException("unknown supervisord state " + code));
            });
  }

  @Override
  public CompletionStage<List<Map<String, Object>>> getAllProcessInfo() {
    return call("supervisor.getAllProcessInfo", List.of()).thenApply(XmlRpcSupervisorClient::structs);
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletionStage<Map<String, Object>> getProcessInfo(String namespec) {
    return call("supervisor.getProcessInfo", List.of(namespec)).thenApply(r -> (Map<String, Object>) r);
  }

  @Override
  public CompletionStage<List<ProcessConfig>> getAllConfigInfo() {
    return call("supervisor.getAllConfigInfo", List.of())
        .thenApply(r -> structs(r).stream().map(ProcessConfig::fromStruct).toList());
  }

  @Override
  public CompletionStage<Boolean> startProcess(String namespec, boolean wait) {
    return call("supervisor.startProcess", List.of(namespec, wait)).thenApply(Boolean.class::cast);
  }

  @Override
  public CompletionStage<Boolean> stopProcess(String namespec, boolean wait) {
    return call("supervisor.stopProcess", List.of(namespec, wait)).thenApply(Boolean.class::cast);
  }

  @Override
  public CompletionStage<List<Map<String, Object>>> stopProcessGroup(String group, boolean wait) {
    return call("supervisor.stopProcessGroup", List.of(group, wait)).thenApply(XmlRpcSupervisorClient::structs);
  }

  @Override
  public CompletionStage<Boolean> signalProcess(String namespec, String signal) {
    return call("supervisor.signalProcess", List.of(namespec, signal)).thenApply(Boolean.class::cast);
  }

  @Override
  public CompletionStage<LogTail> tailProcessStdoutLog(String namespec, int offset, int length) {
    return tail("supervisor.tailProcessStdoutLog", namespec, offset, length);
  }

  @Override
  public CompletionStage<LogTail> tailProcessStderrLog(String namespec, int offset, int length) {
    return tail("supervisor.tailProcessStderrLog", namespec, offset, length);
  }

  @Override
  public CompletionStage<Boolean> clearProcessLogs(String namespec) {
    return call("supervisor.clearProcessLogs", List.of(namespec)).thenApply(Boolean.class::cast);
  }

  @Override
  public CompletionStage<ConfigChanges> reloadConfig() {
    // Supervisor answers [[added, changed, removed]].
    return call("supervisor.reloadConfig", List.of())
        .thenApply(r -> {
          Object[] lists = (Object[]) ((Object[]) r)[0];
          return new ConfigChanges(strings(lists[0]), strings(lists[1]), strings(lists[2]));
        });
  }

  @Override
  public CompletionStage<Boolean> addProcessGroup(String group) {
    return call("supervisor.addProcessGroup", List.of(group)).thenApply(Boolean.class::cast);
  }

  @Override
  public CompletionStage<Boolean> removeProcessGroup(String group) {
    return call("supervisor.removeProcessGroup", List.of(group)).thenApply(Boolean.class::cast);
  }

  @Override
  public CompletionStage<Object> call(String method, List<Object> params) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return client.execute(method, params);
          } catch (XmlRpcException e) {
            // A fault keeps Supervisor's code and text; a transport error has code 0.
            throw new SupervisorCallException(method, e.code, String.valueOf(e.getMessage()), e);
          }
        },
        blockingExecutor);
  }

  private CompletionStage<LogTail> tail(String method, String namespec, int offset, int length) {
    return call(method, List.of(namespec, offset, length))
        .thenApply(r -> {
          Object[] items = (Object[]) r;
          return new LogTail((String) items[0], ((Number) items[1]).intValue(), (Boolean) items[2]);
        });
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> structs(Object result) {
    List<Map<String, Object>> list = new ArrayList<>();
    for (Object item : (Object[]) result) {
      list.add((Map<String, Object>) item);
    }
    return list;
  }

  private static List<String> strings(Object array) {
    List<String> list = new ArrayList<>();
    for (Object item : (Object[]) array) {
      list.add((String) item);
    }
    return list;
  }
}
