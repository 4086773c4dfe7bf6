package org.supvisors.http.xmlrpc;

import static akka.http.javadsl.server.Directives.*;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpCharsets;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.headers.BasicHttpCredentials;
import akka.http.javadsl.model.headers.HttpChallenge;
import akka.http.javadsl.server.ExceptionHandler;
import akka.http.javadsl.server.Rejections;
import akka.http.javadsl.server.Route;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import akka.util.ByteString;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.supvisors.http.SupvisorsService;
import org.supvisors.protocol.Fault;
import org.supvisors.protocol.SupvisorsFault;

/**
 * The XML-RPC endpoint: {@code POST} to any path starting with {@code /RPC2}, as Supervisor accepts,
 * behind HTTP basic auth when credentials are configured. Every call is answered with HTTP 200 and
 * either a result or a fault; a body that is not a readable XML-RPC call gets HTTP 400, as with
 * Supervisor, with a fault document explaining why.
 */
public final class XmlRpcRoute {

  /** Supervisor's realm, so that clients see the same challenge. */
  static final String REALM = "default";

  /** Supervisor lets the password be given as {@code {SHA}} + the hex SHA-1 of the real one. */
  static final String SHA_PREFIX = "{SHA}";

  private static final Logger LOG = LoggerFactory.getLogger(XmlRpcRoute.class);
  private static final ContentType.WithCharset TEXT_XML =
      ContentTypes.create(MediaTypes.TEXT_XML, HttpCharsets.UTF_8);

  private final XmlRpcDispatcher dispatcher;
  private final XmlRpcSettings settings;

  /**
   * @param service the node, for the {@code supvisors.*} namespace
   * @param supervisor where {@code supervisor.*} and other non-Supvisors calls are forwarded; when
   *     empty they are UNKNOWN_METHOD
   * @param settings authentication and call timeout
   */
  public XmlRpcRoute(
      SupvisorsService service, Optional<SupervisorProxy> supervisor, XmlRpcSettings settings) {
    this.dispatcher =
        new XmlRpcDispatcher(SupvisorsMethods.of(service), supervisor, settings.callTimeout());
    this.settings = settings;
  }

  /** The {@code /RPC2} route, to be concatenated with the node's other routes. */
  public Route routes() {
    return handleExceptions(exceptionHandler(), () ->
        pathPrefix("RPC2", () ->
            authenticated(() ->
                post(() ->
                    // Each call has its own timeout; a multicall may legitimately take longer than
                    // the server-wide request timeout, whose 503 would not be an XML-RPC answer.
                    withoutRequestTimeout(() ->
                        entity(Unmarshaller.entityToByteString(), this::call))))));
  }

  private Route call(ByteString body) {
    XmlRpcRequest request;
    try {
      request = XmlRpcDecoder.decode(body.toArray());
    } catch (MalformedRequestException e) {
      LOG.debug("refused XML-RPC request: {}", e.getMessage());
      SupvisorsFault fault =
          new SupvisorsFault(Fault.BAD_ARGUMENTS, "malformed XML-RPC request: " + e.getMessage());
      return complete(xml(StatusCodes.BAD_REQUEST, XmlRpcEncoder.fault(fault)));
    }
    LOG.trace("XML-RPC method called: {}", request.methodName());
    return onSuccess(dispatcher.dispatch(request.methodName(), request.params()),
        result -> complete(xml(StatusCodes.OK, encode(result))));
  }

  private static String encode(RpcResult result) {
    if (result instanceof RpcResult.Failure failure) {
      return XmlRpcEncoder.fault(failure.fault());
    }
    return XmlRpcEncoder.responseOf(((RpcResult.Value) result).xml());
  }

  /**
   * Basic auth as supervisord checks it, with a plain password or a {@code {SHA}} one. Akka's
   * authenticateBasic does not expose the password given, which the SHA form needs, hence the
   * explicit check.
   */
  private Route authenticated(Supplier<Route> inner) {
    if (settings.credentials().isEmpty()) {
      return inner.get();
    }
    XmlRpcSettings.Credentials expected = settings.credentials().get();
    HttpChallenge challenge = HttpChallenge.createBasic(REALM);
    return extractCredentials(provided -> {
      if (provided.isEmpty()) {
        return reject(Rejections.authenticationCredentialsMissing(challenge));
      }
      if (provided.get() instanceof BasicHttpCredentials basic && accepts(basic, expected)) {
        return inner.get();
      }
      return reject(Rejections.authenticationCredentialsRejected(challenge));
    });
  }

  private static boolean accepts(BasicHttpCredentials provided, XmlRpcSettings.Credentials expected) {
    // Both checks always run and compare in constant time, so timing tells nothing about which failed.
    boolean user = sameBytes(provided.username(), expected.username());
    boolean password = expected.password().startsWith(SHA_PREFIX)
        ? sameBytes(sha1Hex(provided.password()), expected.password().substring(SHA_PREFIX.length()))
        : sameBytes(provided.password(), expected.password());
    return user & password;
  }

  private static boolean sameBytes(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static String sha1Hex(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every Java platform", e);
    }
  }

  /** Whatever escapes the dispatcher is still answered as a fault, never as an HTTP 500. */
  private static ExceptionHandler exceptionHandler() {
    return ExceptionHandler.newBuilder()
        .match(Exception.class, e -> {
          LOG.error("unexpected failure while serving an XML-RPC call", e);
          SupvisorsFault fault = new SupvisorsFault(Fault.FAILED, e.getClass().getSimpleName());
          return complete(xml(StatusCodes.OK, XmlRpcEncoder.fault(fault)));
        })
        .build();
  }

  private static HttpResponse xml(StatusCode status, String body) {
    return HttpResponse.create().withStatus(status).withEntity(HttpEntities.create(TEXT_XML, body));
  }
}
