package example;

import dev.zoomorph.engine.control.ControlMessage;
import dev.zoomorph.engine.generator.Frame;
import dev.zoomorph.engine.latent.Latent;
import dev.zoomorph.server.RunningShow;
import dev.zoomorph.server.ShowBuilder;
import dev.zoomorph.server.Zoomorph;
import java.time.Duration;
import reactor.core.publisher.Flux;

/** A bundled model on a latent path of its own, served to browsers, controlled over OSC and from code. */
public final class EmbeddingExample {
  public static void main(String[] args) {
    int httpPort = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    int oscPort = args.length > 1 ? Integer.parseInt(args[1]) : 9000;
    long frames = args.length > 2 ? Long.parseLong(args[2]) : Long.MAX_VALUE;

    ShowBuilder builder = Zoomorph.model("fashion-cppn-vae-gan");
    int size = builder.latentSize();
    // A Lissajous path through latent space: each component swings at its own frequency.
    Flux<Latent> lissajous = Flux.interval(Duration.ofMillis(20)).map(tick -> {
      float[] z = new float[size];
      for (int i = 0; i < size; i++) {
        z[i] = (float) (1.5 * Math.sin(tick * 0.05 * (i % 5 + 1) + i));
      }
      return Latent.of(z);
    });
    try (RunningShow show = builder.latents(lissajous).size(256, 256).fps(30)
        .serve(httpPort).osc(oscPort).start()) {
      System.out.println("watch http://127.0.0.1:" + show.httpPort().getAsInt() + "/, OSC on "
          + show.oscAddress() + ", API token " + show.token());
      show.controls().submit("example", ControlMessage.of("/zoomorph/post/palette", "fire"));
      Frame last = show.frames().take(frames).blockLast();
      if (last != null) {
        System.out.println("last frame " + last.width() + "x" + last.height() + "x" + last.channels());
      }
    }
  }
}
