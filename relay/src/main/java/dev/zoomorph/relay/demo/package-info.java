/** The relay module's runnable demo ({@code relay/demo}): {@link dev.zoomorph.relay.demo.RelayDemo}. */
@NullMarked
package dev.zoomorph.relay.demo;

import org.jspecify.annotations.NullMarked;
