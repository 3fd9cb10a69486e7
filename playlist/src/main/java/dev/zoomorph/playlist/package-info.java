/**
 * Playlists and schedules: presets played in turn ({@link dev.zoomorph.playlist.Playlist}, read from JSON or YAML by
 * {@link dev.zoomorph.playlist.Playlists}), and time-of-day windows choosing which list plays; a {@link
 * dev.zoomorph.playlist.Player} switches a show through them on a Reactor scheduler's time.
 */
@NullMarked
package dev.zoomorph.playlist;

import org.jspecify.annotations.NullMarked;
