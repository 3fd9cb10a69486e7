package dev.zoomorph.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.web.JsonBodies;
import dev.zoomorph.web.ReadOnlySockets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.reactivestreams.Publisher;
import reactor.core.publisher.BufferOverflowStrategy;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * The {@code /ws/controls} handler, which the control page ({@code /control}) is built from and kept live with. JSON
 * text messages:
 * <ul>
 *   <li>{@code {"type": "controls", "controls": [...]}}: every address as the control table describes it now
 *       (types, ranges with their names, value, access, smoothing, description); sent first, after each preset
 *       switch (which changes the latent's size, the keyframes, the view and post values), and whenever the page
 *       fell so far behind that changes were dropped;</li>
 *   <li>{@code {"type": "applied", "input": "osc", "address": "/zoomorph/zoom", "args": [2.0]}}: each change the
 *       control bus applied, from any input, as applied (clamped).</li>
 * </ul>
 * Read-only and open like {@code /api/state} and OSCQuery: it shows nothing a viewer could not read there. A page
 * that reads slowly never holds an input up: changes wait in a bounded queue, and when that overflows the oldest are
 * dropped and the next message is a fresh {@code controls} list instead.
 */
final class ControlFeed implements BiFunction<WebsocketInbound, WebsocketOutbound, Publisher<Void>> {

  /** Changes queued per page before the oldest are dropped. */
  static final int QUEUE = 256;

  private final ControlBus bus;

  ControlFeed(ControlBus bus) {
    this.bus = bus;
  }

  @Override
  public Publisher<Void> apply(WebsocketInbound in, WebsocketOutbound out) {
    AtomicBoolean stale = new AtomicBoolean();
    Flux<String> changes = bus.applied()
        .onBackpressureBuffer(QUEUE, dropped -> stale.set(true), BufferOverflowStrategy.DROP_OLDEST)
        .map(applied -> stale.getAndSet(false) || applied.message().address().equals(ShowAddresses.PRESET)
            ? controls() : applied(applied));
    // Subscribed to the changes before the list is read, so no change falls between them; one that arrives first is
    // in the list as well.
    Mono<Void> sending = Flux.merge(changes, Mono.fromCallable(this::controls))
        .concatMap(message -> out.sendString(Mono.just(message)).then(), 0)
        .then();
    return ReadOnlySockets.session(sending, in, out);
  }

  private String controls() {
    List<Map<String, Object>> controls = new ArrayList<>();
    for (ControlParameter parameter : bus.parameters()) {
      Map<String, Object> control = new LinkedHashMap<>();
      control.put("address", parameter.address());
      control.put("types", parameter.typeTags());
      List<Map<String, Object>> ranges = new ArrayList<>();
      for (ControlParameter.Range range : parameter.ranges()) {
        Map<String, Object> bounds = new LinkedHashMap<>();
        // JSON has no infinity: an open end is left out, as in OSCQuery.
        if (Double.isFinite(range.min())) {
          bounds.put("min", range.min());
        }
        if (Double.isFinite(range.max())) {
          bounds.put("max", range.max());
        }
        if (!range.values().isEmpty()) {
          bounds.put("values", range.values());
        }
        ranges.add(bounds);
      }
      control.put("ranges", ranges);
      control.put("value", parameter.value());
      control.put("writable", parameter.writable());
      control.put("smoothing", parameter.smoothing().label());
      control.put("description", parameter.description());
      controls.add(control);
    }
    return json(Map.of("type", "controls", "controls", controls));
  }

  private static String applied(ControlBus.Applied applied) {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("type", "applied");
    message.put("input", applied.input());
    message.put("address", applied.message().address());
    message.put("args", applied.message().args());
    return json(message);
  }

  private static String json(Object message) {
    try {
      return JsonBodies.JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a control message as JSON: " + e.getMessage(), e);
    }
  }
}
