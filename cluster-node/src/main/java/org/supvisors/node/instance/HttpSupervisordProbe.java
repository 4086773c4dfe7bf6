package org.supvisors.node.instance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.supvisors.node.config.InstanceAddress;

/**
 * Probes a supervisord with one HTTP request to its {@code /RPC2} address ({@code host_name} and {@code http_port} of
 * {@code supvisors_list}): any HTTP answer, a 401 of {@code [inet_http_server]} authentication included, proves that
 * supervisord's server loop runs, so no credentials are needed; a refused connection (a killed supervisord's port
 * closes at once) or no answer within the timeout (a lost host, a hung supervisord) means it does not live. The
 * request is asynchronous: nothing blocks, not even a dispatcher thread.
 */
public final class HttpSupervisordProbe implements SupervisordProbe {

  private final HttpClient client;
  private final Duration timeout;

  public HttpSupervisordProbe(Duration timeout) {
    this.timeout = timeout;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(timeout)
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  @Override
  public CompletionStage<Boolean> alive(InstanceAddress address) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(uri(address)).timeout(timeout).GET().build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(false);
    }
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> true)
        .exceptionally(failure -> false)
        // The request timeout covers the answer, the connect timeout the connection: this bound is a safety net.
        .completeOnTimeout(false, timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
  }

  static URI uri(InstanceAddress address) {
    String host = address.hostId().contains(":") ? "[" + address.hostId() + "]" : address.hostId();
    return URI.create("http://" + host + ":" + address.httpPort() + "/RPC2");
  }
}
