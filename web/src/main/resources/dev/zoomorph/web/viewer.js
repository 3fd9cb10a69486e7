// The viewer: shows the live show in a container, in one of two modes, and says which in its status line.
//
// webgl: the state stream (/ws/show) brings the model's weights once and a few hundred bytes per frame; the page
//   draws every frame itself in WebGL2 at the canvas's device-pixel size (show-renderer.js), and between two frames
//   of the server it draws at the display's refresh, interpolating (see stateAt).
// jpeg:  the JPEG frames (/ws/frames), as the server renders them: for models the page cannot draw (a DCGAN), for
//   browsers without WebGL2, on servers without a state stream (a relay of a show that does not publish one), or
//   when asked for with ?mode=jpeg.
//
// In auto mode the page picks: webgl where it can, jpeg otherwise, and back to webgl when the show plays a CPPN
// again; and jpeg for good when this browser draws too slowly (a software WebGL, a weak GPU at a high resolution):
// the server's frames then move smoothly where the page's own would crawl. Both streams keep only the newest frame:
// a slow or hidden tab skips to the newest state. Sockets reconnect by themselves. A state message that fails its
// checks is refused with a visible error, and the page shows the JPEG frames instead of a blank screen.

import {
  parseMessage, StreamError, MODEL_DRAWABLE, MODEL_NOT_A_CPPN,
} from './state-stream.js';
import { ShowRenderer, RendererError } from './show-renderer.js';

const RECONNECT_MS = 1000;
/**
 * A state stream that is open but brings no frame this long (a relay that lacks the show's model) leaves auto mode
 * showing the JPEG frames until frames come.
 */
const STATE_SILENT_MS = 10000;
/**
 * Auto mode leaves webgl for the JPEG frames when the last SLOW_DRAWS draws, leaving out the slowest, took over
 * SLOW_DRAW_MS each on average from their start to the next animation frame (under 2 frames a second: a picture that
 * stands still, where the JPEG frames move at the show's pace): not one slow draw, as the first of a new net is (it
 * compiles its shader), or one held up by a pause of the page. An average, not each draw: a browser that queues
 * frames for its GPU lets every other animation frame come at once and makes the next one wait for both. Between 2 frames a second and the show's pace the page goes on drawing at the screen's resolution;
 * ?mode=jpeg asks for the server's frames.
 */
const SLOW_DRAW_MS = 500;
const SLOW_DRAWS = 4;
/**
 * A server that answers HTTP but not on /ws/show this many times has no state stream (a relay of a show that
 * publishes none): auto mode shows the JPEG frames, and the page asks again after STATE_RETRY_MS, or at once when the
 * frames socket opens anew (a restarted server may have one). A server that does not answer at all is down: the page
 * asks again every RECONNECT_MS, as for the frames.
 */
const STATE_TRIES = 3;
const STATE_RETRY_MS = 30000;
/**
 * A small file every server of this page serves. A page cannot tell a refused WebSocket handshake from a server that
 * is down, but a fetch can.
 */
const PROBE_PATH = '/assets/icon.svg';
/** A server that has not answered the probe in this long is taken for down (it may have hung). */
const PROBE_TIMEOUT_MS = 5000;
/**
 * A stream that is open but has brought no frame this long (at least 5 frames of a show at its slowest, 1 fps) is
 * said to be silent in the status line: on a relay whose show has stopped, its sockets stay open.
 */
const SILENT_MS = 5000;

/** Starts a viewer in `root`; mode 'auto', 'webgl' or 'jpeg'. */
export function startViewer(root, { mode = 'auto' } = {}) {
  return new Viewer(root, mode);
}

function element(tag, className) {
  const e = document.createElement(tag);
  e.className = className;
  return e;
}

class Viewer {
  constructor(root, requested) {
    this.root = root;
    this.requested = requested;
    root.classList.add('viewer');
    this.glCanvas = element('canvas', 'picture webgl');
    this.jpegCanvas = element('canvas', 'picture jpeg');
    this.status = element('div', 'status');
    this.error = element('div', 'error');
    this.error.setAttribute('role', 'alert');
    this.error.hidden = true;
    root.append(this.glCanvas, this.jpegCanvas, this.status, this.error);
    this.jpeg = new JpegStream(this.jpegCanvas, () => this.countDraw(), () => this.updateStatus(),
      () => this.framesOpened());
    this.draws = [];
    this.mode = null;
    this.reason = '';
    this.renderer = null;
    this.models = new Map(); // id → model message, as parsed (drawable or not)
    this.frames = []; // the two newest frames
    this.lastDrawn = null;
    this.drawnAt = null; // performance.now() when the newest draw began, until the next animation frame
    this.drawTimes = []; // ms from the start of a draw to the next animation frame, newest last
    this.tooSlow = false; // auto mode found this browser too slow to draw the show itself
    // A hidden tab gets no animation frames: a draw then seems to take as long as the tab stays hidden.
    document.addEventListener('visibilitychange', () => {
      this.drawnAt = null;
      this.drawTimes = [];
    });
    this.stateConnected = false;
    this.stateFailures = 0; // handshakes refused in a row by a server that answers HTTP
    this.stateRetry = null; // the timer of the next try at the state stream, while one waits
    this.undrawable = null; // why the newest frame's model cannot be drawn, while it cannot
    this.clock = new ShowClock();
    this.lastStateFrame = 0; // performance.now() of the newest frame, drawable or not, or of the socket's opening
    setInterval(() => {
      this.checkStateSilence();
      this.updateStatus();
    }, 500);
    if (requested === 'jpeg') {
      this.useJpeg('asked for');
      return;
    }
    if (requested !== 'webgl' && requested !== 'auto') {
      this.showError(`unknown mode '${requested}': use ?mode=webgl or ?mode=jpeg; showing auto`);
      this.requested = 'auto';
    }
    this.startWebgl();
  }

  async startWebgl() {
    try {
      this.renderer = await ShowRenderer.create(this.glCanvas);
    } catch (e) {
      this.cannotDraw(e instanceof RendererError ? e.message : `WebGL failed: ${e}`);
      return;
    }
    this.glCanvas.addEventListener('webglcontextlost', () => this.cannotDraw('the WebGL context was lost'));
    this.useWebgl();
    this.connectState();
    const frame = () => {
      this.timeDraw();
      this.drawWebgl();
      requestAnimationFrame(frame);
    };
    requestAnimationFrame(frame);
  }

  /** WebGL cannot draw at all: an error in webgl mode, the JPEG frames in auto mode. */
  cannotDraw(why) {
    if (this.requested === 'webgl') {
      this.showError(why);
      this.setMode('webgl', why);
    } else {
      this.useJpeg(why);
    }
  }

  setMode(mode, reason) {
    this.mode = mode;
    this.reason = reason;
    this.root.dataset.mode = mode;
    this.glCanvas.hidden = mode !== 'webgl';
    this.jpegCanvas.hidden = mode !== 'jpeg';
    this.updateStatus();
  }

  useWebgl() {
    this.jpeg.stop();
    this.setMode('webgl', '');
  }

  useJpeg(reason) {
    if (this.mode !== 'jpeg') {
      this.jpeg.start();
    }
    this.setMode('jpeg', reason);
  }

  showError(message) {
    this.error.textContent = message;
    this.error.hidden = false;
  }

  clearError() {
    this.error.textContent = '';
    this.error.hidden = true;
  }

  connectState() {
    this.stateRetry = null;
    const socket = new WebSocket(socketUrl('/ws/show'));
    socket.binaryType = 'arraybuffer';
    let opened = false;
    socket.onopen = () => {
      opened = true;
      this.stateFailures = 0;
      this.lastStateFrame = performance.now();
      this.stateConnected = true;
      this.updateStatus();
      // A new connection sends the palettes and every model again.
      this.models.clear();
      this.frames = [];
    };
    socket.onmessage = (event) => this.onStateMessage(event.data);
    socket.onclose = async () => {
      this.stateConnected = false;
      this.updateStatus();
      const missing = !opened && await serverAnswers();
      this.stateFailures = missing ? this.stateFailures + 1 : 0;
      const givenUp = this.stateFailures >= STATE_TRIES;
      if (givenUp && this.requested === 'auto') {
        this.useJpeg('this server has no state stream');
      }
      this.stateRetry = setTimeout(() => this.connectState(), givenUp ? STATE_RETRY_MS : RECONNECT_MS);
    };
  }

  /** The frames socket opened: a server found to have no state stream may have one now (it restarted). */
  framesOpened() {
    if (this.stateFailures >= STATE_TRIES && this.stateRetry !== null) {
      clearTimeout(this.stateRetry);
      this.connectState();
    }
  }

  onStateMessage(buffer) {
    let message;
    try {
      message = parseMessage(buffer);
    } catch (e) {
      if (!(e instanceof StreamError)) {
        throw e;
      }
      this.refuse(`state message refused: ${e.message}`);
      return;
    }
    try {
      if (message.kind === 'palettes') {
        this.renderer.setPalettes(message.palettes);
      } else if (message.kind === 'model') {
        this.addModel(message);
      } else {
        this.addFrame(message);
      }
    } catch (e) {
      if (!(e instanceof RendererError)) {
        throw e;
      }
      this.refuse(e.message);
    }
  }

  addModel(model) {
    this.renderer.dropModel(model.id);
    if (model.status === MODEL_DRAWABLE) {
      this.renderer.addModel(model);
    }
    this.models.set(model.id, model);
  }

  /** A message the page cannot use: said on screen; auto mode shows the JPEG frames rather than nothing. */
  refuse(message) {
    console.warn(message);
    this.showError(message);
    this.frames = [];
    if (this.requested === 'auto') {
      this.useJpeg('a state message was refused');
    }
  }

  addFrame(frame) {
    this.lastStateFrame = performance.now();
    const current = this.models.get(frame.layers[0].model);
    if (!current) {
      return; // its model was refused: nothing to draw it with
    }
    if (current.status !== MODEL_DRAWABLE) {
      const why = current.status === MODEL_NOT_A_CPPN ? `${current.name} is not a CPPN`
        : `${current.name} is too large to send`;
      this.undrawable = why;
      if (this.requested === 'auto') {
        this.useJpeg(why);
      } else {
        this.showError(`cannot draw ${why}; ?mode=jpeg shows it`);
      }
      this.frames = [];
      return;
    }
    // A layer being left whose model cannot be drawn is left out: the new picture shows at once.
    const layers = frame.layers.filter((layer) => this.renderer.hasModel(layer.model));
    const drawable = { ...frame, layers, fadingWeight: layers.length === 2 ? frame.fadingWeight : 0 };
    if (this.mode !== 'webgl') {
      if (this.tooSlow) {
        return; // the JPEG frames stay
      }
      this.clearError();
      this.useWebgl();
    } else if (this.undrawable !== null) {
      this.clearError(); // webgl was asked for and said it could not draw the show: now it can
    }
    this.undrawable = null;
    this.clock.arrived(frame.seconds);
    this.frames.push(drawable);
    if (this.frames.length > 2) {
      this.frames.shift();
    }
  }

  drawWebgl() {
    if (this.mode !== 'webgl' || this.frames.length === 0) {
      return;
    }
    const canvas = this.glCanvas;
    const dpr = window.devicePixelRatio || 1;
    const width = Math.max(1, Math.round(this.root.clientWidth * dpr));
    const height = Math.max(1, Math.round(this.root.clientHeight * dpr));
    const state = stateAt(this.frames, this.clock.displaySeconds());
    if (canvas.width === width && canvas.height === height && sameState(state, this.lastDrawn)) {
      this.showing(state);
      return;
    }
    // Timed from here: a browser too slow for the show may block in the resize or the draw call itself (software
    // WebGL at a laptop's size blocked there for seconds while the next animation frame then came at once).
    const started = performance.now();
    canvas.width = width;
    canvas.height = height;
    try {
      this.renderer.draw(state);
    } catch (e) {
      if (!(e instanceof RendererError)) {
        throw e;
      }
      this.refuse(e.message);
      return;
    }
    const first = this.lastDrawn === null;
    this.lastDrawn = state;
    this.drawnAt = started;
    this.showing(state);
    this.countDraw();
    if (first) {
      this.updateStatus(); // the status line gives the picture's size from now on
    }
  }

  /** At an animation frame: how long the previous one's draw took to reach the screen, and whether that is too slow. */
  timeDraw() {
    if (this.drawnAt === null || document.hidden) {
      return;
    }
    this.drawTimes.push(performance.now() - this.drawnAt);
    this.drawnAt = null;
    if (this.drawTimes.length > SLOW_DRAWS) {
      this.drawTimes.shift();
    }
    if (this.requested !== 'auto' || this.mode !== 'webgl' || this.drawTimes.length < SLOW_DRAWS) {
      return;
    }
    const kept = [...this.drawTimes].sort((a, b) => a - b).slice(0, -1); // without the slowest
    const typical = kept.reduce((sum, ms) => sum + ms, 0) / kept.length;
    if (typical > SLOW_DRAW_MS) {
      this.tooSlow = true;
      this.frames = [];
      this.useJpeg(`this browser draws at most ${Math.max(0.1, 1000 / typical).toFixed(1)} fps`);
    }
  }

  /** Says which server frame the canvas shows exactly (empty while it shows one interpolated between two). */
  showing(state) {
    this.root.dataset.frame = state.interpolated ? '' : String(state.number);
  }

  countDraw() {
    this.draws.push(performance.now());
    this.root.dataset.draws = String(Number(this.root.dataset.draws ?? 0) + 1);
  }

  checkStateSilence() {
    if (this.requested === 'auto' && this.mode === 'webgl' && this.stateConnected
        && performance.now() - this.lastStateFrame > STATE_SILENT_MS) {
      this.useJpeg('no frames on the state stream');
    }
  }

  updateStatus() {
    const now = performance.now();
    while (this.draws.length > 0 && now - this.draws[0] > 2000) {
      this.draws.shift();
    }
    const mode = this.mode ?? 'starting';
    const reason = this.reason ? ` (${this.reason})` : '';
    this.status.textContent = `${mode}${reason} · ${this.streamStatus(now)}`;
  }

  /** The current mode's stream as the status line says it: the picture and its pace, or why there is none. */
  streamStatus(now) {
    const webgl = this.mode === 'webgl';
    if (!(webgl ? this.stateConnected : this.jpeg.connected)) {
      return 'disconnected, reconnecting…';
    }
    // Until a frame is drawn the canvas has the browser's default size, which says nothing of the show.
    const canvas = webgl ? this.glCanvas : this.jpegCanvas;
    const drawn = webgl ? this.lastDrawn !== null : this.jpeg.drawn;
    const picture = drawn
      ? `${canvas.width}×${canvas.height} · ${(this.draws.length / 2).toFixed(1)} fps`
      : 'waiting for the first frame';
    const silent = now - (webgl ? this.lastStateFrame : this.jpeg.lastArrival);
    if (silent <= SILENT_MS) {
      // Frames that come but cannot be drawn (webgl asked for, a DCGAN playing): why, as the error says.
      return webgl && this.undrawable !== null ? `${picture} · ${this.undrawable}` : picture;
    }
    const seconds = Math.floor(silent / 1000);
    return drawn ? `${picture} · no frames for ${seconds} s: the show stopped sending`
      : `${picture} · none for ${seconds} s: the show is not sending`;
  }
}

/**
 * The show's time to draw at: one server frame interval behind the newest frame's arrival, so that a frame is
 * drawn between the two newest (the network's jitter is smoothed by taking the earliest arrival seen lately).
 */
class ShowClock {
  constructor() {
    this.offsets = [];
    this.interval = 0;
    this.lastSeconds = null;
  }

  arrived(seconds) {
    const now = performance.now() / 1000;
    this.offsets.push(now - seconds);
    if (this.offsets.length > 60) {
      this.offsets.shift();
    }
    if (this.lastSeconds !== null && seconds > this.lastSeconds) {
      this.interval = seconds - this.lastSeconds;
    }
    this.lastSeconds = seconds;
  }

  displaySeconds() {
    return performance.now() / 1000 - Math.min(...this.offsets) - this.interval;
  }
}

/**
 * The state to draw at show time `seconds`, between the two newest frames. At a frame's own time it is exactly that
 * frame. Between two frames of the same models: the latent, the centre, the rotation, the post values and the
 * crossfade weight linearly, the zoom geometrically (steady zooming is a constant factor per frame); a threshold
 * switched on or off, a palette and the models switch at the newer frame. Past the newest frame it stays there.
 */
function stateAt(frames, seconds) {
  const last = frames[frames.length - 1];
  const previous = frames.length === 2 ? frames[0] : null;
  if (!previous || seconds >= last.seconds || !(last.seconds > previous.seconds)
      || previous.layers.length !== last.layers.length
      || previous.layers.some((layer, i) => layer.model !== last.layers[i].model) || sameState(previous, last)) {
    return last;
  }
  const t = Math.max(0, (seconds - previous.seconds) / (last.seconds - previous.seconds));
  const mix = (a, b) => a + (b - a) * t;
  const layers = last.layers.map((b, i) => {
    const a = previous.layers[i];
    const latent = new Float32Array(b.latent.length);
    for (let k = 0; k < latent.length; k++) {
      latent[k] = mix(a.latent[k], b.latent[k]);
    }
    const bothOn = a.threshold > 0 && b.threshold > 0;
    return {
      ...b,
      latent,
      centerX: mix(a.centerX, b.centerX),
      centerY: mix(a.centerY, b.centerY),
      zoom: Math.exp(mix(Math.log(a.zoom), Math.log(b.zoom))),
      rotation: mix(a.rotation, b.rotation),
      contrast: mix(a.contrast, b.contrast),
      gamma: mix(a.gamma, b.gamma),
      threshold: bothOn ? mix(a.threshold, b.threshold) : b.threshold,
      softness: mix(a.softness, b.softness),
    };
  });
  return { ...last, layers, fadingWeight: mix(previous.fadingWeight, last.fadingWeight), interpolated: true };
}

const LAYER_NUMBERS = ['model', 'centerX', 'centerY', 'zoom', 'rotation', 'contrast', 'gamma', 'threshold',
  'softness', 'palette'];

function sameState(a, b) {
  if (!b || a.layers.length !== b.layers.length || a.fadingWeight !== b.fadingWeight) {
    return false;
  }
  return a.layers.every((layer, i) => {
    const other = b.layers[i];
    return LAYER_NUMBERS.every((key) => layer[key] === other[key])
      && layer.latent.length === other.latent.length && layer.latent.every((v, k) => v === other.latent[k]);
  });
}

/** Whether the page's server answers HTTP: a proxy's 5xx for a server behind it that is down does not count. */
async function serverAnswers() {
  try {
    const response = await fetch(PROBE_PATH, { cache: 'no-store', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return response.status < 500;
  } catch (e) {
    return false; // refused, timed out, or no network
  }
}

function socketUrl(path) {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${path}`;
}

/**
 * The JPEG frames on a 2D canvas at the frame's size (scaled to fit by CSS). Decoding is asynchronous: while one
 * frame decodes only the newest arriving frame is kept, so a slow tab shows fresh frames instead of falling behind.
 */
class JpegStream {
  constructor(canvas, onDraw, onStatus, onOpen) {
    this.canvas = canvas;
    this.context = canvas.getContext('2d');
    this.onDraw = onDraw;
    this.onStatus = onStatus;
    this.onOpen = onOpen;
    this.socket = null;
    this.connected = false;
    this.newest = null;
    this.decoding = false;
    this.drawn = false; // a frame is on the canvas
    this.lastArrival = 0; // performance.now() of the newest frame, or of the socket's opening
  }

  start() {
    this.running = true;
    this.connect();
  }

  stop() {
    this.running = false;
    if (this.socket) {
      this.socket.close();
      this.socket = null;
    }
    this.connected = false;
  }

  connect() {
    const socket = new WebSocket(socketUrl('/ws/frames'));
    this.socket = socket;
    socket.binaryType = 'blob';
    socket.onopen = () => {
      this.connected = true;
      this.lastArrival = performance.now();
      this.onStatus();
      this.onOpen();
    };
    socket.onmessage = (event) => {
      this.lastArrival = performance.now();
      this.show(event.data);
    };
    socket.onclose = () => {
      this.connected = false;
      this.onStatus();
      if (this.running && this.socket === socket) {
        setTimeout(() => this.running && this.socket === socket && this.connect(), RECONNECT_MS);
      }
    };
  }

  show(blob) {
    this.newest = blob;
    if (!this.decoding) {
      this.decodeNewest();
    }
  }

  async decodeNewest() {
    this.decoding = true;
    while (this.newest !== null) {
      const blob = this.newest;
      this.newest = null;
      try {
        const bitmap = await createImageBitmap(blob);
        if (this.canvas.width !== bitmap.width || this.canvas.height !== bitmap.height) {
          this.canvas.width = bitmap.width;
          this.canvas.height = bitmap.height;
        }
        this.context.drawImage(bitmap, 0, 0);
        bitmap.close();
        const first = !this.drawn;
        this.drawn = true;
        this.onDraw();
        if (first) {
          this.onStatus(); // the status line gives the picture's size from now on
        }
      } catch (e) {
        console.warn('frame not decoded', e);
      }
    }
    this.decoding = false;
  }
}
