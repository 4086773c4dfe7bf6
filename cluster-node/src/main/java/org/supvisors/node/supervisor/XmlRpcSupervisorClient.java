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
  @SuppressWarnings("unchecked")
  public CompletionStage<List<Map<String, Object>>> getAllProcessInfo() {
    return call("supervisor.getAllProcessInfo", List.of())
        .thenApply(
            result -> {
              List<Map<String, Object>> infos = new ArrayList<>();
              for (Object item : (Object[]) result) {
                infos.add((Map<String, Object>) item);
              }
              return infos;
            });
  }

  @Override
  public CompletionStage<Object> call(String method, List<Object> params) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return client.execute(method, params);
          } catch (XmlRpcException e) {
            throw new SupervisorCallException(method, e);
          }
        },
        blockingExecutor);
  }

  /** A failed call to supervisord: a fault it returned, or no answer at all. */
  public static final class SupervisorCallException extends RuntimeException {
    private final int faultCode;

    SupervisorCallException(String method, XmlRpcException cause) {
      super(method + " failed: " + cause.getMessage(), cause);
      this.faultCode = cause.code;
    }

    public int faultCode() {
      return faultCode;
    }
  }
}
