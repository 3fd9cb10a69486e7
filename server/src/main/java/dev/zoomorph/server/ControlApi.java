package dev.zoomorph.server;

import dev.zoomorph.engine.control.ControlException;
import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.RateLimits;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.control.midi.MidiLearn;
import dev.zoomorph.engine.files.LinkRefusedException;
import dev.zoomorph.engine.preset.PresetException;
import dev.zoomorph.json.Required;
import dev.zoomorph.web.HttpLimits;
import dev.zoomorph.web.JsonBodies;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Function;
import javax.sound.midi.ShortMessage;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;

/**
 * The HTTP control endpoints, each a POST with a JSON body that needs the {@link ApiToken}:
 * <ul>
 *   <li>{@code /api/control} {@code {"address": "/zoomorph/zoom", "args": [2.0]}}: applies one control message;</li>
 *   <li>{@code /api/preset} {@code {"name": "dunes"}}: switches preset ({@code /zoomorph/preset});</li>
 *   <li>{@code /api/midi/learn} {@code {"target": "/zoomorph/latent/3", "min": -3, "max": 3, "curve": "linear",
 *       "mode": "absolute"}}: binds the next MIDI control moved (409 without a MIDI device);</li>
 *   <li>{@code /api/preset/save} {@code {"name": "mine"}} or no body: saves the running show with its MIDI
 *       bindings (501 where the show cannot save);</li>
 *   <li>{@code /api/midi} {@code {"device": "nanoKONTROL2", "messages": [[176, 21, 64]]}}: MIDI a control page
 *       forwards from a controller on the browser's machine, applied through the show's bindings ({@link
 *       WebMidi}).</li>
 * </ul>
 * Each client address may make {@link #CONTROL_RATE} requests a second (bursts of {@link #CONTROL_BURST}); one over
 * gets 429 before anything else, so a flood from one address cannot starve the others. A request without the token
 * gets 401 before its body is read, so it changes nothing. A preset outside the preset folder is 403 ({@link
 * PresetAccess}), and never read. Bodies are parsed strictly
 * ({@link JsonBodies}); the show's refusals ({@link IllegalArgumentException}) are 400 with its message. Changes run
 * off the event loop, since a preset switch may load files.
 */
final class ControlApi {

  private static final Logger log = LoggerFactory.getLogger(ControlApi.class);
  /** Control requests one client address may make per second, sustained (knobs go over OSC; this is for apps). */
  static final int CONTROL_RATE = 50;
  /** Control requests one client address may make at once after a quiet spell. */
  static final int CONTROL_BURST = 100;
  /** Reads ({@code GET /api/state}, OSCQuery) one client address may make per second, sustained. */
  static final int READ_RATE = 100;
  /** Reads one client address may make at once. */
  static final int READ_BURST = 200;

  /** What a MIDI binding can drive: one number or switch (a value from its range), or a button (an impulse). */
  private static final Set<String> LEARNABLE_TYPES = Set.of("f", "i", "T", "");

  private final ApiToken token;
  private final ControlInputs inputs;
  private final @Nullable PresetSaver saver;
  private final AtomicLong applied = new AtomicLong();
  private final AtomicLong rejected = new AtomicLong();
  private final AtomicLong unauthorized = new AtomicLong();
  private final AtomicLong rateLimited = new AtomicLong();
  private final RateLimits<InetAddress> controlLimits = new RateLimits<>(CONTROL_RATE, CONTROL_BURST);
  private final RateLimits<InetAddress> readLimits = new RateLimits<>(READ_RATE, READ_BURST);

  ControlApi(ApiToken token, ControlInputs inputs, @Nullable PresetSaver saver) {
    this.token = token;
    this.inputs = inputs;
    this.saver = saver;
  }

  void routes(HttpServerRoutes routes) {
    routes
        .post("/api/control", (request, response) -> handle(request, response, ControlRequest.class, false,
            this::control))
        .post("/api/preset", (request, response) -> handle(request, response, PresetRequest.class, false,
            this::preset))
        .post("/api/preset/save", (request, response) -> handle(request, response, SaveRequest.class, true,
            this::save))
        .post("/api/midi/learn", (request, response) -> handle(request, response, LearnRequest.class, false,
            this::learn))
        .post("/api/midi", (request, response) -> handle(request, response, MidiRequest.class, false,
            this::midi));
  }

  /** Counters of the HTTP input, for {@code /api/state}. */
  HttpStats stats() {
    return new HttpStats(applied.get(), rejected.get(), unauthorized.get(), rateLimited.get());
  }

  /**
   * @param applied control requests carried out
   * @param rejected requests refused as malformed or by the show (4xx other than 401 and 429)
   * @param unauthorized requests without the right token
   * @param rateLimited requests (control and reads) refused with 429 because their client went over its rate
   */
  record HttpStats(long applied, long rejected, long unauthorized, long rateLimited) {}

  /**
   * {@code handler} behind the read limit: a client over it gets 429 and the handler does not run. For the open
   * reads ({@code GET /api/state}, OSCQuery), which cost the show a walk over its controls each.
   */
  Publisher<Void> limitedRead(HttpServerRequest request, HttpServerResponse response,
      BiFunction<HttpServerRequest, HttpServerResponse, Publisher<Void>> handler) {
    if (!admitted(readLimits, request)) {
      return tooMany(response, READ_RATE);
    }
    return handler.apply(request, response);
  }

  /**
   * {@code GET /api/presets}: the preset folder's files that a switch over the network may name, for a control page's
   * menu (the bundled presets are in the control table). Needs the token: the folder is the show's, not a viewer's.
   * Read off the network thread: it lists the folder.
   */
  Publisher<Void> presets(HttpServerRequest request, HttpServerResponse response) {
    if (!token.admits(request)) {
      return unauthorized(response);
    }
    return Mono.fromCallable(inputs::presetFiles)
        .subscribeOn(Schedulers.boundedElastic())
        .flatMap(files -> Mono.from(JsonBodies.send(response, HttpResponseStatus.OK, Map.of("files", files))));
  }

  private boolean admitted(RateLimits<InetAddress> limits, HttpServerRequest request) {
    InetSocketAddress remote = request.remoteAddress();
    return remote == null || remote.getAddress() == null || limits.tryAcquire(client(remote.getAddress()));
  }

  /**
   * Whose allowance a request from {@code address} uses: the same client as for the connection limits (an IPv6
   * address's whole /64, which one host is given and may take any address of).
   */
  static InetAddress client(InetAddress address) {
    return HttpLimits.countedAs(address);
  }

  private Publisher<Void> tooMany(HttpServerResponse response, int rate) {
    rateLimited.incrementAndGet();
    response.header(HttpHeaderNames.RETRY_AFTER, "1");
    return JsonBodies.error(response, HttpResponseStatus.TOO_MANY_REQUESTS,
        "too many requests from this address: at most " + rate + " a second");
  }

  /** {@code POST /api/control}. */
  record ControlRequest(@Required String address, @Nullable List<Object> args) {
    ControlMessage message() {
      return new ControlMessage(address, args == null ? List.of() : args);
    }
  }

  /** {@code POST /api/preset}. */
  record PresetRequest(@Required String name) {}

  /** {@code POST /api/preset/save}; no name saves over the preset playing. */
  record SaveRequest(@Nullable String name) {}

  /** {@code POST /api/midi/learn}: as a {@link MidiBinding} without its source, which the control moved gives. */
  record LearnRequest(@Required String target, @Nullable Double min, @Nullable Double max,
      MidiBinding.@Nullable Curve curve, MidiBinding.@Nullable Mode mode) {}

  /** {@code POST /api/midi}: raw MIDI messages, each its bytes, from a browser's MIDI input named {@code device}. */
  record MidiRequest(@Required String device, @Nullable List<List<Integer>> messages) {}

  /** What a handler answers. */
  private record Reply(HttpResponseStatus status, Object body) {
    static Reply ok(Object body) {
      return new Reply(HttpResponseStatus.OK, body);
    }
  }

  private <T> Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response, Class<T> type,
      boolean emptyAllowed, Function<T, Reply> action) {
    if (!admitted(controlLimits, request)) {
      return tooMany(response, CONTROL_RATE);
    }
    if (!token.admits(request)) {
      return unauthorized(response);
    }
    return JsonBodies.read(request, type, emptyAllowed)
        .publishOn(Schedulers.boundedElastic())
        .map(action)
        .doOnNext(reply -> applied.incrementAndGet())
        .flatMap(reply -> Mono.from(JsonBodies.send(response, reply.status(), reply.body())))
        // Netty has answered already (400 for a body it could not decode) or the client hung up: nothing to say.
        .onErrorResume(e -> response.hasSentHeaders(), e -> {
          log.debug("control request ended before its answer: {}", e.toString());
          return Mono.empty();
        })
        .onErrorResume(JsonBodies.BadRequest.class, e -> refuse(response, e.status, e.getMessage()))
        .onErrorResume(e -> e instanceof ControlException control
                && control.problem() == ControlException.Problem.FORBIDDEN,
            e -> refuse(response, HttpResponseStatus.FORBIDDEN, String.valueOf(e.getMessage())))
        .onErrorResume(IllegalArgumentException.class,
            e -> refuse(response, HttpResponseStatus.BAD_REQUEST, String.valueOf(e.getMessage())))
        .onErrorResume(IllegalStateException.class, e -> failed(response, e))
        .onErrorResume(UncheckedIOException.class, e -> failed(response, e));
  }

  private Publisher<Void> unauthorized(HttpServerResponse response) {
    unauthorized.incrementAndGet();
    response.header(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"zoomorph\"");
    return JsonBodies.error(response, HttpResponseStatus.UNAUTHORIZED,
        "this endpoint needs the API token: 'Authorization: Bearer TOKEN' or '" + ApiToken.HEADER + ": TOKEN'");
  }

  /** The show could not do it (e.g. the preset file cannot be written): the client's request was fine. */
  private Mono<Void> failed(HttpServerResponse response, RuntimeException e) {
    log.warn("control request failed: {}", e.toString());
    return Mono.from(JsonBodies.error(response, HttpResponseStatus.INTERNAL_SERVER_ERROR,
        String.valueOf(e.getMessage())));
  }

  private Mono<Void> refuse(HttpServerResponse response, HttpResponseStatus status, String message) {
    rejected.incrementAndGet();
    log.debug("{} refused: {}", status, message);
    return Mono.from(JsonBodies.error(response, status, message));
  }

  private Reply control(ControlRequest request) {
    return Reply.ok(applied(request.message()));
  }

  private Reply preset(PresetRequest request) {
    return Reply.ok(applied(ControlMessage.of(ShowAddresses.PRESET, request.name())));
  }

  /**
   * Applies {@code message} and answers its value as set: the arguments as applied (clamped), where a smoothed
   * control is going rather than where its glide is. A preset switch, whose applied argument is the file loaded,
   * and a button's release, which applies nothing, answer the value the show reads back (the preset switches at
   * once).
   */
  private Map<String, Object> applied(ControlMessage message) {
    ControlMessage done = inputs.submit(message);
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("address", message.address());
    if (done != null && !message.address().equals(ShowAddresses.PRESET)) {
      reply.put("value", done.args());
      return reply;
    }
    inputs.bus().parameters().stream()
        .filter(parameter -> parameter.address().equals(message.address()))
        .findFirst()
        .map(ControlParameter::value)
        .ifPresent(value -> reply.put("value", value));
    return reply;
  }

  private Reply learn(LearnRequest request) {
    MidiLearn learn = inputs.midiLearn();
    if (learn == null) {
      throw new JsonBodies.BadRequest(HttpResponseStatus.CONFLICT, "no MIDI controller to learn from: start serve"
          + " with --midi NAME, or plug the controller into the machine of a browser showing /control");
    }
    ControlParameter target = inputs.bus().parameters().stream()
        .filter(parameter -> parameter.address().equals(request.target()))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("target " + request.target() + " is not a control address"));
    if (!target.writable()) {
      throw new IllegalArgumentException("target " + request.target() + " is not a writable control address");
    }
    if (!LEARNABLE_TYPES.contains(target.typeTags())) {
      throw new IllegalArgumentException("target " + request.target() + " takes " + describe(target.typeTags())
          + ", and a MIDI control sends one number: learn a control that takes one number, a switch or a button");
    }
    learn.arm(request.target(), request.min() == null ? 0 : request.min(), request.max() == null ? 1 : request.max(),
            request.curve() == null ? MidiBinding.Curve.LINEAR : request.curve(),
            request.mode() == null ? MidiBinding.Mode.ABSOLUTE : request.mode())
        .subscribe(binding -> log.info("MIDI-learn bound {} to {}", binding.source(), binding.target()));
    Map<String, Object> reply = new LinkedHashMap<>();
    reply.put("armed", request.target());
    reply.put("next", "move a control on the MIDI device; POST /api/preset/save keeps the binding");
    return new Reply(HttpResponseStatus.ACCEPTED, reply);
  }

  private static String describe(String typeTags) {
    return typeTags.contains("s") ? "a name" : typeTags.length() + " values (" + typeTags + ")";
  }

  private Reply midi(MidiRequest request) {
    List<ShortMessage> messages = WebMidi.parse(request.messages() == null ? List.of() : request.messages());
    inputs.webMidi().accept(request.device(), messages);
    return Reply.ok(Map.of("accepted", messages.size()));
  }

  private Reply save(SaveRequest request) {
    if (saver == null) {
      throw new JsonBodies.BadRequest(HttpResponseStatus.NOT_IMPLEMENTED,
          "this show cannot save presets");
    }
    // The playing preset's bindings and those learned since: after a switch, the new preset's.
    List<MidiBinding> bindings = inputs.midiBindings();
    String where;
    try {
      where = saver.save(request.name(), bindings);
    } catch (PresetException e) {
      throw new JsonBodies.BadRequest(HttpResponseStatus.CONFLICT, e.getMessage());
    } catch (LinkRefusedException e) {
      throw new JsonBodies.BadRequest(HttpResponseStatus.FORBIDDEN, e.getMessage());
    }
    return Reply.ok(Map.of("saved", where, "midiBindings", bindings.size()));
  }
}
