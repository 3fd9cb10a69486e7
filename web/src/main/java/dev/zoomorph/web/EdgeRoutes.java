package dev.zoomorph.web;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpRouteHandlerMetadata;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The routes of a {@link ViewerServer}, matched in the order given, with the edges HTTP clients expect: every
 * response carries {@link WebAssets#secured}'s headers; {@code HEAD} is answered wherever {@code GET} is (Netty's codec
 * sends the headers only); a path some route takes with another method answers 405 with {@code Allow}, and any other
 * path 404, both with the API's {@code {"error": ...}} body. No CORS: {@code OPTIONS} is a method no route takes.
 */
final class EdgeRoutes implements HttpServerRoutes {

  /** The methods probed for {@code Allow}: those the server's routes use, and the usual others. */
  private static final List<HttpMethod> METHODS =
      List.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT, HttpMethod.PATCH, HttpMethod.DELETE);

  private record Route(Predicate<? super HttpServerRequest> condition,
      BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {}

  private final List<Route> routes = new CopyOnWriteArrayList<>();

  @Override
  public HttpServerRoutes route(Predicate<? super HttpServerRequest> condition,
      BiFunction<? super HttpServerRequest, ? super HttpServerResponse, ? extends Publisher<Void>> handler) {
    routes.add(new Route(condition, handler));
    return this;
  }

  @Override
  public Publisher<Void> apply(HttpServerRequest request, HttpServerResponse response) {
    WebAssets.secured(response);
    try {
      Route route = find(request);
      if (route == null && request.method().equals(HttpMethod.HEAD)) {
        route = find(as(request, HttpMethod.GET));
      }
      if (route != null) {
        Route chosen = route;
        if (!request.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
          return chosen.handler().apply(request, response);
        }
        // Netty's handshake would fail on these and Reactor Netty log an ERROR with a stack trace for each request:
        // anyone could fill the log.
        if (!request.requestHeaders().contains(HttpHeaderNames.SEC_WEBSOCKET_KEY)
            || !request.requestHeaders().contains(HttpHeaderNames.SEC_WEBSOCKET_VERSION, "13", false)) {
          return JsonBodies.error(response, HttpResponseStatus.BAD_REQUEST,
              "a WebSocket handshake needs the headers Sec-WebSocket-Key and Sec-WebSocket-Version: 13");
        }
        // A WebSocket is upgraded once its request has been read to the end: Reactor Netty's read and request
        // timeouts (HttpLimits) start with a request's head and stop at its end, and an upgrade before then left
        // them on the socket, cutting a viewer, who sends nothing, after the read timeout.
        return request.receive().then(Mono.defer(() -> Mono.from(chosen.handler().apply(request, response))));
      }
      String path = path(request.uri());
      List<String> allowed = new ArrayList<>();
      for (HttpMethod method : METHODS) {
        if (find(as(request, method)) != null) {
          allowed.add(method.name());
          if (method.equals(HttpMethod.GET)) {
            allowed.add(HttpMethod.HEAD.name());
          }
        }
      }
      if (allowed.isEmpty()) {
        return JsonBodies.error(response, HttpResponseStatus.NOT_FOUND, "nothing is served at " + path);
      }
      String allow = String.join(", ", allowed);
      response.header(HttpHeaderNames.ALLOW, allow);
      return JsonBodies.error(response, HttpResponseStatus.METHOD_NOT_ALLOWED,
          request.method().name() + " is not allowed on " + path + "; it takes " + allow);
    } catch (Throwable t) {
      Exceptions.throwIfJvmFatal(t);
      return Mono.error(t); // a route that throws: 500, as Reactor Netty's own routes answer
    }
  }

  private @Nullable Route find(HttpServerRequest request) {
    for (Route route : routes) {
      if (route.condition().test(request)) {
        return route;
      }
    }
    return null;
  }

  /**
   * {@code request} as if it had come with {@code method}, for the routes' conditions only: they look at the method
   * and the path, and this asks which methods a path takes without keeping a second list of them.
   */
  private static HttpServerRequest as(HttpServerRequest request, HttpMethod method) {
    InvocationHandler handler = (proxy, called, args) -> {
      if (called.getName().equals("method") && called.getParameterCount() == 0) {
        return method;
      }
      try {
        return called.invoke(request, args);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (HttpServerRequest) Proxy.newProxyInstance(EdgeRoutes.class.getClassLoader(),
        new Class<?>[] {HttpServerRequest.class}, handler);
  }

  private static String path(String uri) {
    int end = uri.indexOf('?');
    return end < 0 ? uri : uri.substring(0, end);
  }

  // Routes are tried in the order given and nothing here serves directories: the rest of the interface is not used.

  @Override
  public HttpServerRoutes directory(String uri, Path directory,
      @Nullable Function<HttpServerResponse, HttpServerResponse> interceptor) {
    throw new UnsupportedOperationException("a ViewerServer serves no directories");
  }

  @Override
  public HttpServerRoutes removeIf(Predicate<? super HttpRouteHandlerMetadata> condition) {
    throw new UnsupportedOperationException("a ViewerServer's routes are fixed once bound");
  }

  @Override
  public HttpServerRoutes comparator(Comparator<HttpRouteHandlerMetadata> comparator) {
    throw new UnsupportedOperationException("a ViewerServer's routes are tried in the order given");
  }

  @Override
  public HttpServerRoutes noComparator() {
    return this;
  }
}
