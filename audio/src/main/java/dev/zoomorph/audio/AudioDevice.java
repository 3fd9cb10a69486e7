package dev.zoomorph.audio;

/**
 * A sound capture device the system offers ({@code zoomorph audio list}).
 *
 * @param name what {@code serve --audio NAME} matches (any unique part of it, case-insensitive)
 */
public record AudioDevice(String name, String description) {}
