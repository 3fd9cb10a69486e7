/** Threads of the show's own: stopping a one-thread Reactor scheduler after the work queued on it. */
@NullMarked
package dev.zoomorph.engine.concurrent;

import org.jspecify.annotations.NullMarked;
