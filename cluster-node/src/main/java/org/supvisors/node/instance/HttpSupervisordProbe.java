package org.supvisors.node.instance;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.supvisors.node.config.InstanceAddress;

/**
 * Probes a supervisord with one HTTP request to its {@code /RPC2} address ({@code host_name} and {@code http_port} of
 * {@code supvisors_list}): any HTTP answer, a 401 of {@code [inet_http_server]} authentication included, proves that
 * supervisord's server loop runs, so no credentials are needed. A refused or reset connection is the host's own
 * kernel saying that nothing listens any more: the host is up and its supervisord is dead (a killed supervisord's
 * port closes at once). Anything else, a timeout first of all, is no answer: a dead host, a hung one and a network
 * partition look the same from here, and only the last one leaves processes running, so none of them is taken for
 * proof of death. The request is asynchronous: nothing blocks, not even a dispatcher thread.
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
  public CompletionStage<Verdict> probe(InstanceAddress address) {
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(uri(address)).timeout(timeout).GET().build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(Verdict.NO_ANSWER);
    }
    return client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
        .thenApply(response -> Verdict.ANSWERS)
        .exceptionally(HttpSupervisordProbe::verdictOf)
        // The request timeout covers the answer, the connect timeout the connection: this bound is a safety net.
        .completeOnTimeout(Verdict.NO_ANSWER, timeout.multipliedBy(2).toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * The verdict of a failed request. The HTTP client wraps every connection failure in a {@link ConnectException}
   * (a refusal is one with no route or timeout below it), and a reset in an I/O error: the whole chain is read.
   */
  static Verdict verdictOf(Throwable failure) {
    boolean connectFailed = false;
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof HttpTimeoutException || cause instanceof NoRouteToHostException
          || mentions(cause, "timed out") || mentions(cause, "unreachable")) {
        return Verdict.NO_ANSWER;
      }
      if (cause instanceof SocketException && mentions(cause, "reset")) {
        return Verdict.REFUSED;
      }
      connectFailed |= cause instanceof ConnectException;
    }
    return connectFailed ? Verdict.REFUSED : Verdict.NO_ANSWER;
  }

  private static boolean mentions(Throwable failure, String words) {
    return failure.getMessage() != null && failure.getMessage().toLowerCase(Locale.ROOT).contains(words);
  }

  static URI uri(InstanceAddress address) {
    String host = address.hostId().contains(":") ? "[" + address.hostId() + "]" : address.hostId();
    return URI.create("http://" + host + ":" + address.httpPort() + "/RPC2");
  }
}
