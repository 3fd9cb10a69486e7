package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.web.JsonBodies;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * OSCQuery over HTTP, so TouchDesigner and other OSCQuery clients discover the show's controls: {@code GET /osc} is
 * the address space as nested nodes ({@code CONTENTS} by path segment, each control with {@code FULL_PATH},
 * {@code TYPE}, {@code RANGE}, {@code VALUE}, {@code ACCESS} and {@code DESCRIPTION}), {@code GET /osc/zoomorph/zoom}
 * one node, {@code GET /osc/zoomorph/zoom?VALUE} one attribute of it, and {@code GET /osc?HOST_INFO} the server
 * (where OSC goes, which attributes it reports). Read-only and open, like the viewer page. Values are read from the
 * show at each request; LISTEN (WebSocket value streaming) is not offered.
 */
final class OscQuery {

  static final String PREFIX = "/osc";
  private static final int ACCESS_NONE = 0;
  private static final int ACCESS_READ = 1;
  private static final int ACCESS_WRITE = 2;
  private static final int ACCESS_READ_WRITE = 3;
  private static final Set<String> ATTRIBUTES =
      Set.of("FULL_PATH", "CONTENTS", "TYPE", "RANGE", "VALUE", "ACCESS", "DESCRIPTION");

  private final ControlInputs inputs;

  OscQuery(ControlInputs inputs) {
    this.inputs = inputs;
  }

  /** Whether {@code request} is an OSCQuery request: a GET of {@code /osc} or a path under it. */
  static boolean matches(HttpServerRequest request) {
    String path = path(request.uri());
    return request.method().equals(HttpMethod.GET) && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
  }

  Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    String uri = request.uri();
    String path = path(uri).substring(PREFIX.length());
    int question = uri.indexOf('?');
    String query = question < 0 ? "" : uri.substring(question + 1);
    if (query.equals("HOST_INFO")) {
      return JsonBodies.send(response, HttpResponseStatus.OK, hostInfo());
    }
    Map<String, Object> node = find(tree(), path.isEmpty() ? "/" : path);
    if (node == null) {
      return JsonBodies.error(response, HttpResponseStatus.NOT_FOUND, "no OSC address " + path);
    }
    if (query.isEmpty()) {
      return JsonBodies.send(response, HttpResponseStatus.OK, node);
    }
    if (!ATTRIBUTES.contains(query)) {
      return JsonBodies.error(response, HttpResponseStatus.BAD_REQUEST,
          "unknown OSCQuery attribute '" + query + "'; known: HOST_INFO, "
              + String.join(", ", ATTRIBUTES.stream().sorted().toList()));
    }
    if (!node.containsKey(query)) {
      // The proposal: an attribute the node does not have is "no content".
      return response.status(HttpResponseStatus.NO_CONTENT).send();
    }
    Map<String, Object> attribute = new LinkedHashMap<>();
    attribute.put(query, node.get(query));
    return JsonBodies.send(response, HttpResponseStatus.OK, attribute);
  }

  Map<String, Object> hostInfo() {
    Map<String, Object> info = new LinkedHashMap<>();
    info.put("NAME", "zoomorph");
    InetSocketAddress osc = inputs.oscAddress();
    if (osc != null) {
      // Bound to every interface (0.0.0.0), OSC_IP is left out: the client then uses the address it reached us on.
      if (!osc.getAddress().isAnyLocalAddress()) {
        info.put("OSC_IP", osc.getAddress().getHostAddress());
      }
      info.put("OSC_PORT", osc.getPort());
      info.put("OSC_TRANSPORT", "UDP");
    }
    Map<String, Boolean> extensions = new LinkedHashMap<>();
    for (String attribute : List.of("ACCESS", "VALUE", "RANGE", "DESCRIPTION")) {
      extensions.put(attribute, true);
    }
    for (String attribute : List.of("TAGS", "CLIPMODE", "UNIT", "CRITICAL", "LISTEN", "PATH_CHANGED")) {
      extensions.put(attribute, false);
    }
    info.put("EXTENSIONS", extensions);
    return info;
  }

  /** The whole address space as the root node. */
  Map<String, Object> tree() {
    Map<String, Object> root = container("/");
    root.put("DESCRIPTION", "Zoomorph live show");
    for (ControlParameter parameter : inputs.bus().parameters()) {
      Map<String, Object> node = root;
      StringBuilder fullPath = new StringBuilder();
      for (String segment : parameter.address().substring(1).split("/")) {
        fullPath.append('/').append(segment);
        node = child(node, segment, fullPath.toString());
      }
      describe(node, parameter);
    }
    return root;
  }

  private static Map<String, Object> container(String fullPath) {
    Map<String, Object> node = new LinkedHashMap<>();
    node.put("FULL_PATH", fullPath);
    node.put("ACCESS", ACCESS_NONE);
    return node;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> child(Map<String, Object> parent, String segment, String fullPath) {
    Map<String, Object> contents =
        (Map<String, Object>) parent.computeIfAbsent("CONTENTS", key -> new TreeMap<String, Object>());
    return (Map<String, Object>) contents.computeIfAbsent(segment, key -> container(fullPath));
  }

  private static void describe(Map<String, Object> node, ControlParameter parameter) {
    // An address without arguments is an impulse, e.g. /zoomorph/tap; OSCQuery has the type tag I for that. It has
    // no value to read, so it is write-only.
    boolean impulse = parameter.typeTags().isEmpty();
    node.put("TYPE", impulse ? "I" : parameter.typeTags());
    node.put("ACCESS", !parameter.writable() ? ACCESS_READ : impulse ? ACCESS_WRITE : ACCESS_READ_WRITE);
    node.put("DESCRIPTION", parameter.description());
    if (!parameter.value().isEmpty()) {
      node.put("VALUE", parameter.value());
    }
    if (parameter.ranges().stream().anyMatch(range -> !range.equals(ControlParameter.Range.NONE))) {
      List<@Nullable Map<String, Object>> ranges = new ArrayList<>();
      for (ControlParameter.Range range : parameter.ranges()) {
        ranges.add(range(range));
      }
      node.put("RANGE", ranges);
    }
  }

  /**
   * JSON has no infinity: an open end is left out, and an argument with no limits has a null range. The names a
   * string takes are its {@code VALS}.
   */
  private static @Nullable Map<String, Object> range(ControlParameter.Range range) {
    if (range.equals(ControlParameter.Range.NONE)) {
      return null;
    }
    Map<String, Object> bounds = new LinkedHashMap<>();
    if (!range.values().isEmpty()) {
      bounds.put("VALS", range.values());
    }
    if (Double.isFinite(range.min())) {
      bounds.put("MIN", range.min());
    }
    if (Double.isFinite(range.max())) {
      bounds.put("MAX", range.max());
    }
    return bounds;
  }

  @SuppressWarnings("unchecked")
  private static @Nullable Map<String, Object> find(Map<String, Object> root, String path) {
    Map<String, Object> node = root;
    for (String segment : path.split("/")) {
      if (segment.isEmpty()) {
        continue;
      }
      Object contents = node.get("CONTENTS");
      if (!(contents instanceof Map<?, ?> children) || !(children.get(segment) instanceof Map<?, ?> next)) {
        return null;
      }
      node = (Map<String, Object>) next;
    }
    return node;
  }

  private static String path(String uri) {
    int question = uri.indexOf('?');
    return question < 0 ? uri : uri.substring(0, question);
  }
}
