package dev.zoomorph.engine.control.osc;

import java.util.concurrent.atomic.AtomicLong;

/** The server's counters, shared by its pipeline handlers and its hand-off. */
final class OscServerCounters {
  final AtomicLong accepted = new AtomicLong();
  final AtomicLong malformed = new AtomicLong();
  final AtomicLong oversize = new AtomicLong();
  final AtomicLong nonFinite = new AtomicLong();
  final AtomicLong overflow = new AtomicLong();
  final AtomicLong rateLimited = new AtomicLong();
  final AtomicLong throttled = new AtomicLong();
  final AtomicLong timeTagRefused = new AtomicLong();

  OscServer.Stats snapshot() {
    return new OscServer.Stats(accepted.get(), malformed.get(), oversize.get(), nonFinite.get(), overflow.get(),
        rateLimited.get(), throttled.get(), timeTagRefused.get());
  }
}
