// Draws a frame's state in WebGL2 with the GL backend's own shaders (the shaders module, served at /glsl/): cppn.frag evaluates the
// CPPN per pixel, post.frag post-processes each layer, crossfade.frag mixes the two layers of a switch between
// models and present.frag puts the picture on the canvas. The shader files are the GL backend's, without a
// #version line; this page puts the WebGL2 header in front, the GL backend its desktop one, so the maths is one
// source. What the GL backend does on the CPU per frame (CppnPass.draw: the weight texture's layout, the
// per-frame base row in double precision, the view matrix) is done here the same way.

const HEADER = '#version 300 es\nprecision highp float;\nprecision highp int;\nprecision highp sampler2D;\n';
const SHADERS = ['fullscreen.vert', 'cppn.frag', 'post.frag', 'crossfade.frag', 'present.frag'];
const DEGREES = Math.PI / 180;

/** A model or frame this browser cannot draw. */
export class RendererError extends Error {}

export class ShowRenderer {
  /** A renderer on `canvas`, its shaders fetched from the server; throws RendererError without WebGL2. */
  static async create(canvas) {
    const gl = canvas.getContext('webgl2', {
      alpha: false, antialias: false, depth: false, stencil: false, premultipliedAlpha: false,
    });
    if (!gl) {
      throw new RendererError('this browser has no WebGL2');
    }
    const sources = {};
    await Promise.all(SHADERS.map(async (name) => {
      const response = await fetch(`/glsl/${name}`);
      if (!response.ok) {
        throw new RendererError(`shader ${name}: HTTP ${response.status}`);
      }
      sources[name] = await response.text();
    }));
    return new ShowRenderer(gl, sources);
  }

  constructor(gl, sources) {
    this.gl = gl;
    this.sources = sources;
    // The CPPN's picture keeps more than 8 bits before post-processing where the browser can render to half floats,
    // as the GL backend's RGBA16F target does.
    this.imageFormat = gl.getExtension('EXT_color_buffer_float') ? gl.RGBA16F : gl.RGBA8;
    this.maxTextureSize = gl.getParameter(gl.MAX_TEXTURE_SIZE);
    this.vertexArray = gl.createVertexArray();
    this.cppnPrograms = new Map(); // by net shape, cppnProgram's key
    this.post = this.program('post.frag', '', ['live', 'palette', 'grey', 'contrast', 'gamma', 'thresholdOn',
      'threshold', 'softness', 'paletteOn']);
    this.crossfade = this.program('crossfade.frag', '', ['current', 'fading', 'fadingWeight']);
    this.present = this.program('present.frag', '', ['picture', 'viewport']);
    this.models = new Map();
    this.palettes = [];
    this.blackPalette = this.paletteTexture(new Uint8Array(256 * 3));
    this.width = 0;
    this.height = 0;
    this.targets = null;
  }

  /** The palettes message's tables; a frame's palette n is the n-th (from 1). */
  setPalettes(palettes) {
    this.palettes.forEach((p) => this.gl.deleteTexture(p));
    this.palettes = palettes.map((p) => this.paletteTexture(p.table));
  }

  /** Prepares a drawable model message's CPPN: its program and weight texture (CppnPass's layout). */
  addModel(model) {
    const gl = this.gl;
    const { spec, weights } = model;
    const units4 = Math.ceil(spec.width / 4);
    const width4 = units4 * 4;
    const hiddenLayers = spec.depth - 1;
    const hiddenRow = 4 + hiddenLayers;
    const outRow = hiddenRow + hiddenLayers * width4;
    const rows = outRow + width4 + 1;
    if (rows > this.maxTextureSize) {
      throw new RendererError(`model ${model.name} needs a ${rows}-row weight texture; this browser allows`
        + ` ${this.maxTextureSize}`);
    }
    const texels = new Float32Array(width4 * rows);
    const put = (row, values, from, count) => texels.set(values.subarray(from, from + count), row * width4);
    put(0, weights.wx, 0, spec.width);
    put(1, weights.wy, 0, spec.width);
    put(2, weights.wr, 0, spec.width);
    for (let k = 0; k < hiddenLayers; k++) {
      put(4 + k, weights.hidden[k].b, 0, spec.width);
      for (let i = 0; i < spec.width; i++) {
        put(hiddenRow + k * width4 + i, weights.hidden[k].w, i * spec.width, spec.width);
      }
    }
    for (let i = 0; i < spec.width; i++) {
      put(outRow + i, weights.wOut, i * spec.channels, spec.channels);
    }
    put(outRow + width4, weights.bOut, 0, spec.channels);
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    setFilter(gl, gl.NEAREST);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA32F, units4, rows, 0, gl.RGBA, gl.FLOAT, texels);
    const program = this.cppnProgram(units4, hiddenLayers);
    this.dropModel(model.id);
    this.models.set(model.id, {
      spec, weights, texture, program, units4, baseRow: new Float32Array(width4),
    });
  }

  dropModel(id) {
    const known = this.models.get(id);
    if (known) {
      this.gl.deleteTexture(known.texture);
      this.models.delete(id);
    }
  }

  hasModel(id) {
    return this.models.has(id);
  }

  /** Draws `frame` ({layers, fadingWeight}) at the canvas's size. */
  draw(frame) {
    const gl = this.gl;
    const width = gl.canvas.width;
    const height = gl.canvas.height;
    this.ensureTargets(width, height);
    gl.bindVertexArray(this.vertexArray);
    gl.viewport(0, 0, width, height);
    const pictures = frame.layers.map((layer, slot) => this.drawLayer(layer, slot, width, height));
    let picture = pictures[0];
    if (pictures.length === 2) {
      const p = this.crossfade;
      gl.useProgram(p.program);
      bindTexture(gl, 0, pictures[0]);
      bindTexture(gl, 1, pictures[1]);
      gl.uniform1i(p.uniforms.current, 0);
      gl.uniform1i(p.uniforms.fading, 1);
      gl.uniform1f(p.uniforms.fadingWeight, frame.fadingWeight);
      this.drawInto(this.targets.mixed);
      picture = this.targets.mixed.texture;
    }
    const p = this.present;
    gl.useProgram(p.program);
    bindTexture(gl, 0, picture);
    gl.uniform1i(p.uniforms.picture, 0);
    gl.uniform4f(p.uniforms.viewport, 0, 0, width, height);
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
  }

  /** One layer: the CPPN into the slot's image target, post-processed into its output; returns the output. */
  drawLayer(layer, slot, width, height) {
    const gl = this.gl;
    const model = this.models.get(layer.model);
    if (!model) {
      throw new RendererError(`frame draws with model ${layer.model}, which this page does not have`);
    }
    const { spec, weights } = model;
    if (layer.latent.length !== spec.latentSize) {
      throw new RendererError(`a latent of ${layer.latent.length} for a model that takes ${spec.latentSize}`);
    }
    // CppnPass.draw: the latent's and the centre's share of the first layer, in double precision.
    const scale = spec.scale;
    const centreX = scale * layer.centerX;
    const centreY = scale * layer.centerY;
    const centreRadius = Math.hypot(centreX, centreY);
    const w = spec.width;
    for (let j = 0; j < w; j++) {
      let sum = weights.b0[j] + centreX * weights.wx[j] + centreY * weights.wy[j] + centreRadius * weights.wr[j];
      for (let i = 0; i < spec.latentSize; i++) {
        sum += Math.fround(scale * layer.latent[i]) * weights.wz[i * w + j];
      }
      model.baseRow[j] = sum;
    }
    const target = this.targets.layers[slot];
    const p = model.program;
    gl.useProgram(p.program);
    bindTexture(gl, 0, model.texture);
    gl.pixelStorei(gl.UNPACK_ALIGNMENT, 4);
    gl.texSubImage2D(gl.TEXTURE_2D, 0, 0, 3, model.units4, 1, gl.RGBA, gl.FLOAT, model.baseRow);
    gl.uniform1i(p.uniforms.weights, 0);
    gl.uniform1i(p.uniforms.units4, model.units4);
    gl.uniform1i(p.uniforms.greyOutput, spec.channels === 1 ? 1 : 0);
    gl.uniform2f(p.uniforms.viewSize, width, height);
    const a = layer.rotation * DEGREES;
    const k = scale / (layer.zoom * Math.min(width, height));
    gl.uniformMatrix2fv(p.uniforms.offsetFromPixel, false,
      [k * Math.cos(a), k * Math.sin(a), -k * Math.sin(a), k * Math.cos(a)]);
    gl.uniform2f(p.uniforms.centre, centreX, centreY);
    gl.uniform1f(p.uniforms.centreRadius, centreRadius);
    this.drawInto(target.image);

    // PostPass.draw.
    const post = this.post;
    const grey = spec.channels === 1;
    const palette = grey && layer.palette > 0 ? this.palettes[layer.palette - 1] : null;
    if (grey && layer.palette > 0 && !palette) {
      throw new RendererError(`frame asks for palette ${layer.palette}, which this page does not have`);
    }
    gl.useProgram(post.program);
    gl.uniform1i(post.uniforms.live, 0);
    gl.uniform1i(post.uniforms.palette, 1);
    gl.uniform1i(post.uniforms.grey, grey ? 1 : 0);
    gl.uniform1f(post.uniforms.contrast, layer.contrast);
    gl.uniform1f(post.uniforms.gamma, layer.gamma);
    const thresholdOn = layer.threshold > 0;
    gl.uniform1i(post.uniforms.thresholdOn, thresholdOn ? 1 : 0);
    gl.uniform1f(post.uniforms.threshold, thresholdOn ? layer.threshold : 0.5);
    gl.uniform1f(post.uniforms.softness, layer.softness);
    gl.uniform1i(post.uniforms.paletteOn, palette ? 1 : 0);
    bindTexture(gl, 0, target.image.texture);
    bindTexture(gl, 1, palette ?? this.blackPalette);
    this.drawInto(target.output);
    return target.output.texture;
  }

  drawInto(target) {
    const gl = this.gl;
    gl.bindFramebuffer(gl.FRAMEBUFFER, target.framebuffer);
    gl.drawArrays(gl.TRIANGLES, 0, 3);
  }

  ensureTargets(width, height) {
    if (this.targets && this.width === width && this.height === height) {
      return;
    }
    if (this.targets) {
      const all = [this.targets.mixed, ...this.targets.layers.flatMap((l) => [l.image, l.output])];
      all.forEach((t) => {
        this.gl.deleteFramebuffer(t.framebuffer);
        this.gl.deleteTexture(t.texture);
      });
    }
    const layer = () => ({
      image: this.target(this.imageFormat, width, height),
      output: this.target(this.gl.RGBA8, width, height),
    });
    this.targets = { layers: [layer(), layer()], mixed: this.target(this.gl.RGBA8, width, height) };
    this.width = width;
    this.height = height;
  }

  target(format, width, height) {
    const gl = this.gl;
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    setFilter(gl, gl.NEAREST);
    gl.texStorage2D(gl.TEXTURE_2D, 1, format, width, height);
    const framebuffer = gl.createFramebuffer();
    gl.bindFramebuffer(gl.FRAMEBUFFER, framebuffer);
    gl.framebufferTexture2D(gl.FRAMEBUFFER, gl.COLOR_ATTACHMENT0, gl.TEXTURE_2D, texture, 0);
    if (gl.checkFramebufferStatus(gl.FRAMEBUFFER) !== gl.FRAMEBUFFER_COMPLETE) {
      throw new RendererError(`cannot render into a ${width}×${height} texture`);
    }
    gl.bindFramebuffer(gl.FRAMEBUFFER, null);
    return { texture, framebuffer };
  }

  paletteTexture(table) {
    const gl = this.gl;
    const rgba = new Uint8Array(256 * 4);
    for (let i = 0; i < 256; i++) {
      rgba.set(table.subarray(3 * i, 3 * i + 3), 4 * i);
      rgba[4 * i + 3] = 255;
    }
    const texture = gl.createTexture();
    gl.bindTexture(gl.TEXTURE_2D, texture);
    setFilter(gl, gl.LINEAR);
    gl.texImage2D(gl.TEXTURE_2D, 0, gl.RGBA8, 256, 1, 0, gl.RGBA, gl.UNSIGNED_BYTE, rgba);
    return texture;
  }

  /** cppn.frag compiled for a net's shape, as CppnPass compiles it. */
  cppnProgram(units4, hiddenLayers) {
    const key = `${units4}x${hiddenLayers}`;
    let program = this.cppnPrograms.get(key);
    if (!program) {
      program = this.program('cppn.frag', `#define UNITS4 ${units4}\n#define HIDDEN_LAYERS ${hiddenLayers}\n`,
        ['weights', 'units4', 'greyOutput', 'viewSize', 'offsetFromPixel', 'centre', 'centreRadius']);
      this.cppnPrograms.set(key, program);
    }
    return program;
  }

  program(fragment, defines, uniformNames) {
    const gl = this.gl;
    const compile = (type, name, source) => {
      const shader = gl.createShader(type);
      gl.shaderSource(shader, source);
      gl.compileShader(shader);
      if (!gl.getShaderParameter(shader, gl.COMPILE_STATUS)) {
        throw new RendererError(`compiling ${name} failed: ${gl.getShaderInfoLog(shader)}`);
      }
      return shader;
    };
    const program = gl.createProgram();
    const vertex = compile(gl.VERTEX_SHADER, 'fullscreen.vert', HEADER + this.sources['fullscreen.vert']);
    const frag = compile(gl.FRAGMENT_SHADER, fragment, HEADER + defines + this.sources[fragment]);
    gl.attachShader(program, vertex);
    gl.attachShader(program, frag);
    gl.linkProgram(program);
    gl.deleteShader(vertex);
    gl.deleteShader(frag);
    if (!gl.getProgramParameter(program, gl.LINK_STATUS)) {
      throw new RendererError(`linking ${fragment} failed: ${gl.getProgramInfoLog(program)}`);
    }
    const uniforms = {};
    uniformNames.forEach((name) => { uniforms[name] = gl.getUniformLocation(program, name); });
    return { program, uniforms };
  }
}

function setFilter(gl, filter) {
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MIN_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_MAG_FILTER, filter);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_S, gl.CLAMP_TO_EDGE);
  gl.texParameteri(gl.TEXTURE_2D, gl.TEXTURE_WRAP_T, gl.CLAMP_TO_EDGE);
}

function bindTexture(gl, unit, texture) {
  gl.activeTexture(gl.TEXTURE0 + unit);
  gl.bindTexture(gl.TEXTURE_2D, texture);
}
