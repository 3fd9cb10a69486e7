/**
 * The GLSL files the OpenGL backend ({@code dev.zoomorph.render}) and the browser's WebGL viewer ({@code
 * dev.zoomorph.web} serves them at {@code /glsl/}) both draw with, so the server and a browser run the same maths
 * from one copy: {@link dev.zoomorph.shaders.Shaders}.
 */
@NullMarked
package dev.zoomorph.shaders;

import org.jspecify.annotations.NullMarked;
