package dev.zoomorph.trainer;

import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.proto.GraphOptions;
import org.tensorflow.proto.RewriterConfig;

/**
 * A trainable model built as one TensorFlow graph: owns the graph, its {@link Nn} helpers and the session that holds
 * its variables, and saves, restores and closes them. A subclass's constructor builds its graph with {@link #nn} and
 * {@link #tf}, then calls {@link #startSession()}.
 */
abstract class GraphModel implements TrainableModel {
  final TrainConfig config;
  private final Graph graph = new Graph();
  /** Seeded by the config, so the order the subclass creates its variables in fixes their initial values. */
  final Nn nn;
  final Ops tf;
  private @Nullable Session session;

  GraphModel(TrainConfig config) {
    this.config = config;
    this.nn = new Nn(graph, config.seed());
    this.tf = nn.tf;
  }

  /** Opens the session and initialises every variable: the last step of a subclass's constructor. */
  final void startSession() {
    session = new Session(graph, sessionConfig(config));
    session.initialize();
  }

  /** The session {@link #startSession()} opened. */
  final Session session() {
    if (session == null) {
      throw new IllegalStateException("the session is not started");
    }
    return session;
  }

  /**
   * TensorFlow's threads for a training session. With {@link Nn#adam} ordering every read of the optimiser's shared
   * state, a run repeats bit for bit for a given thread count; kernels that split a sum across threads give other
   * last bits for another count, which training then amplifies.
   */
  private static ConfigProto sessionConfig(TrainConfig config) {
    return ConfigProto.newBuilder()
        .setIntraOpParallelismThreads(config.threads())
        .setInterOpParallelismThreads(config.threads() == 1 ? 1 : 0)
        // Grappler's remapper fails on the adversarial models' gradient graphs (a fused BiasAdd that a gradient
        // still reads) and says so in an ERROR line at every run; a failed pass is discarded, so turning it off
        // changes nothing but that line.
        .setGraphOptions(GraphOptions.newBuilder().setRewriteOptions(
            RewriterConfig.newBuilder().setRemapping(RewriterConfig.Toggle.OFF)))
        .build();
  }

  @Override
  public final void save(Path prefix) {
    session().save(prefix.toString());
  }

  @Override
  public final void restore(Path prefix) {
    session().restore(prefix.toString());
  }

  @Override
  public final void close() {
    session().close();
    graph.close();
  }
}
