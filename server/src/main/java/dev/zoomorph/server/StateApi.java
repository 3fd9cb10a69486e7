package dev.zoomorph.server;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.ShowAddresses;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.engine.show.ShowPlaylist;
import dev.zoomorph.web.JsonBodies;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * {@code GET /api/state}: what is playing and how the inputs are doing, as JSON. Read-only and open like the viewer
 * page (no token): it shows nothing a viewer could not see, and dashboards can poll it.
 */
final class StateApi {

  private final RenderLoop renderLoop;
  private final Supplier<@Nullable Latent> latent;
  private final IntSupplier viewers;
  private final ControlInputs inputs;
  private final ControlApi api;
  private final Supplier<ShowPlaylist.@Nullable Position> playlist;

  StateApi(RenderLoop renderLoop, Supplier<@Nullable Latent> latent, IntSupplier viewers, ControlInputs inputs,
      ControlApi api, Supplier<ShowPlaylist.@Nullable Position> playlist) {
    this.playlist = playlist;
    this.renderLoop = renderLoop;
    this.latent = latent;
    this.viewers = viewers;
    this.inputs = inputs;
    this.api = api;
  }

  /**
   * The {@code /api/state} body.
   *
   * @param preset the preset playing ({@code /zoomorph/preset}), if the show says
   * @param fps frames per second measured over the last two seconds
   * @param latent the latent of the newest frame
   * @param bpm the tempo ({@code /zoomorph/bpm}), if the show has one
   * @param playlist where the playlist is and how long until it switches, or null without one
   * @param parameters every control address with its current value
   */
  @JsonInclude(JsonInclude.Include.ALWAYS)
  record State(@Nullable String preset, double fps, long frames, float @Nullable [] latent, @Nullable Double bpm,
      int viewers, Inputs inputs, ShowPlaylist.@Nullable Position playlist, Map<String, List<Object>> parameters) {}

  /**
   * Per-input counters; {@code osc}, {@code midi} and {@code audio} are null when that input is off, {@code webmidi}
   * until a browser has forwarded a MIDI device.
   */
  record Inputs(ControlInputs.@Nullable OscStats osc, ControlInputs.@Nullable MidiStats midi,
      ControlInputs.@Nullable WebMidiStats webmidi, ControlInputs.@Nullable AudioStats audio,
      ControlApi.HttpStats http) {}

  State state() {
    List<ControlParameter> parameters = inputs.bus().parameters();
    Map<String, List<Object>> values = new LinkedHashMap<>();
    for (ControlParameter parameter : parameters) {
      values.put(parameter.address(), parameter.value());
    }
    Latent rendered = latent.get();
    return new State(
        first(values.get(ShowAddresses.PRESET)) instanceof String name ? name : null,
        Math.round(renderLoop.fps() * 10) / 10.0,
        renderLoop.frameCount(),
        rendered == null ? null : rendered.toArray(),
        first(values.get(ShowAddresses.BPM)) instanceof Number bpm ? bpm.doubleValue() : null,
        viewers.getAsInt(),
        new Inputs(inputs.oscStats(), inputs.midiStats(), inputs.webMidiStats(), inputs.audioStats(), api.stats()),
        playlist.get(),
        values);
  }

  private static @Nullable Object first(@Nullable List<Object> value) {
    return value == null || value.isEmpty() ? null : value.get(0);
  }

  Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
    return JsonBodies.send(response, HttpResponseStatus.OK, state());
  }
}
