/**
 * How everything a person writes in JSON or YAML is read: one strict mapper configuration ({@link
 * dev.zoomorph.json.StrictJson}), required fields ({@link dev.zoomorph.json.Required}), and errors described in the
 * writer's terms ({@link dev.zoomorph.json.JsonProblem}). Presets and directions (engine), playlists and the HTTP
 * API's request bodies (web) all read this way.
 */
@NullMarked
package dev.zoomorph.json;

import org.jspecify.annotations.NullMarked;
