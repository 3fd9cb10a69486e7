// The control page (/control): built from the show's control table as /ws/controls describes it (the addresses
// OSCQuery lists, with their types, ranges, names and smoothing), kept live by the changes the control bus applies
// from any input (a knob moved on MIDI moves its slider here), and sending changes through the HTTP API with the
// API token, which is entered once and kept in this browser's storage. MIDI-learn arms the server's learn; a MIDI
// controller plugged into this machine is forwarded to the server (WebMIDI), whose bindings apply it.
import { startViewer } from './viewer.js';

const TOKEN_KEY = 'zoomorph.token';
const PRESET = '/zoomorph/preset';
const LATENT = '/zoomorph/latent';
const CENTER = '/zoomorph/center';
const ZOOM = '/zoomorph/zoom';
/** Arrow keys on the pan pad move the centre by this fraction of the view. */
const PAN_KEY_STEP = 0.1;
const SLIDER_STEPS = 1000;
const MAX_PADS = 32;
const MIDI_BATCH = 256;

const controlsElement = document.getElementById('controls');
const messageElement = document.getElementById('message');
const midiStatus = document.getElementById('midi-status');
const tokenInput = document.getElementById('token');

/** address → {row, update(values)}: the widgets on the page. */
const widgets = new Map();
/** address → the value the show has, as last heard. */
const values = new Map();
/** address → {busy, pending}: one request in flight per control; the newest value waits. */
const sending = new Map();
let learning = null;

tokenInput.value = token();
document.getElementById('token-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const entered = tokenInput.value.trim();
  // What the show takes as a token; anything else fetch cannot even send in a header.
  if (!/^[\x21-\x7e]*$/.test(entered)) {
    fail('A token is printable ASCII without spaces, as serve prints it: this one is not, and was not kept.');
    return;
  }
  localStorage.setItem(TOKEN_KEY, entered);
  if (!token()) {
    note('No token in this browser now: changes need one.');
    return;
  }
  const checked = await listPresetFiles();
  if (checked === TOKEN_TAKEN) {
    note('Token saved in this browser.');
    announceMidiDevices();
  } else if (checked === TOKEN_UNCHECKED) {
    note('Token saved in this browser; the show did not answer, so it is not checked yet.');
  }
});

// Saving keeps the show as it is played (view, post-processing, tempo, times) and the MIDI bindings in force, under
// the name given, or over the preset playing when none is.
document.getElementById('save-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const name = document.getElementById('save-name').value.trim();
  const reply = await post('/api/preset/save', name === '' ? {} : { name });
  if (reply !== null) {
    // The server answers with its path to the file, which is always in the preset folder.
    const file = reply.json.saved.split(/[\\/]/).pop();
    note(`Saved ${file} in the preset folder with ${reply.json.midiBindings} MIDI binding(s).`);
    listPresetFiles();
  }
});

function token() {
  return localStorage.getItem(TOKEN_KEY) ?? '';
}

function fail(text) {
  messageElement.textContent = text;
  messageElement.className = '';
  messageElement.hidden = false;
}

function note(text) {
  messageElement.textContent = text;
  messageElement.className = 'note';
  messageElement.hidden = false;
}

/** A note says what the page's last action did: the next action makes it old news (an error stays until one works). */
function dropNote() {
  if (messageElement.className === 'note') {
    messageElement.hidden = true;
  }
}

/** POSTs `body` as JSON with the token; the reply, or null after saying on the page why it failed. */
async function post(path, body) {
  if (!token()) {
    fail('Enter the API token first (serve prints it at start-up): nothing was changed.');
    return null;
  }
  let response;
  try {
    response = await fetch(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Zoomorph-Token': token() },
      body: JSON.stringify(body),
    });
  } catch (e) {
    fail(`The show cannot be reached (${e.message}): nothing was changed.`);
    return null;
  }
  const json = await response.json().catch(() => ({}));
  if (response.status === 401) {
    fail('The API token was refused (401 Unauthorized): nothing was changed. Enter the token serve printed.');
    return null;
  }
  if (!response.ok) {
    fail(`${path}: ${json.error ?? `HTTP ${response.status}`}`);
    return null;
  }
  if (messageElement.className === '') {
    messageElement.hidden = true; // an earlier failure is over: this request went through
  }
  return { status: response.status, json };
}

/** Sets `address` to `args`; while a request is in flight only the newest value waits to follow it. */
function send(address, args) {
  dropNote();
  let state = sending.get(address);
  if (!state) {
    state = { busy: false, pending: null };
    sending.set(address, state);
  }
  if (state.busy) {
    state.pending = args;
    return;
  }
  state.busy = true;
  (async () => {
    let next = args;
    while (next) {
      const reply = await post('/api/control', { address, args: next });
      if (reply === null) {
        state.pending = null;
        // Nothing changed: the show's value again, on a slider even under the finger that moved it.
        show(address, values.get(address), { refused: true });
        break;
      }
      next = state.pending;
      state.pending = null;
    }
    state.busy = false;
  })();
}

function show(address, value, options = {}) {
  const widget = widgets.get(address);
  if (widget && value !== undefined) {
    widget.update(value, options);
  }
}

// ---- Building the page from the control table ------------------------------------------------------------------

/** What a VJ reaches for first comes first; the rest in address order. */
const FIRST = ['preset', 'zoom', 'center', 'speed', 'hold', 'keyframe', 'tap', 'bpm', 'playing', 'restart']
  .map((name) => `/zoomorph/${name}`);

function rank(address) {
  const index = FIRST.indexOf(address);
  return index < 0 ? FIRST.length : index;
}

/** Address order with numbers as numbers: latent/2 before latent/10. */
const addressOrder = new Intl.Collator('en', { numeric: true });

function build(controls) {
  widgets.clear();
  const groups = new Map();
  const top = [];
  const ordered = [...controls].sort((a, b) => rank(a.address) - rank(b.address)
    || addressOrder.compare(a.address, b.address));
  for (const control of ordered) {
    values.set(control.address, control.value);
    const row = controlRow(control);
    const name = control.address.replace('/zoomorph/', '');
    const group = /^latent\/\d+$/.test(name) ? 'latent components' : name.startsWith('post/') ? 'post-processing' : null;
    if (group) {
      if (!groups.has(group)) {
        groups.set(group, []);
      }
      groups.get(group).push(row);
    } else {
      top.push(row);
    }
  }
  const sections = [...top];
  for (const [name, rows] of groups) {
    const details = document.createElement('details');
    details.open = name === 'post-processing';
    details.dataset.group = name;
    const summary = document.createElement('summary');
    summary.textContent = name;
    details.append(summary, ...rows);
    sections.push(details);
  }
  controlsElement.replaceChildren(...sections);
}

function controlRow(control) {
  const name = control.address.replace('/zoomorph/', '');
  const id = control.address.slice(1).replaceAll('/', '-');
  const row = document.createElement('div');
  row.className = 'control';
  row.dataset.address = control.address;
  const label = document.createElement('label');
  label.id = `${id}-label`;
  label.textContent = name;
  label.title = control.description;
  const widget = document.createElement('div');
  widget.className = 'widget';
  const output = document.createElement('output');
  const learn = document.createElement('button');
  learn.className = 'learn';
  learn.textContent = 'learn';
  learn.title = 'MIDI-learn: press, then move a control on a MIDI controller';
  learn.setAttribute('aria-label', `MIDI-learn ${name}`);
  row.append(label, widget, output, learn);
  const range = control.ranges[0] ?? {};
  const types = control.types;
  let update;
  if (!control.writable) {
    update = (value) => { output.textContent = format(value[0]); };
  } else if (types === '') {
    update = impulse(control, widget);
  } else if (types === 'T') {
    update = toggle(control, widget);
  } else if (types === 'i' && range.max - range.min < MAX_PADS) {
    update = pads(control, widget, range);
  } else if (types === 'f' || types === 'i') {
    update = finite(range) ? slider(control, widget, 0, range) : numberField(control, widget);
  } else if (control.address === CENTER && types === 'ff' && control.ranges.every(finite)) {
    update = panPad(control, widget);
  } else if (types === 'ff' && control.ranges.every(finite)) {
    const sliders = control.ranges.map((r, i) => slider(control, widget, i, r));
    update = (value) => sliders.forEach((u) => u(value));
  } else if (control.address === PRESET) { // "sf": the name, and the crossfade this switch takes (optional)
    update = presetPicker(control, widget, range.values ?? []);
  } else if (types === 's' && range.values) {
    update = picker(control, widget, range.values);
  } else {
    update = textField(control, widget);
  }
  // The label names the widget's field (a read-only control's: its value), and the widget if it has parts.
  const field = control.writable ? widget.querySelector('input, select') : output;
  if (field) {
    field.id = id;
    label.htmlFor = id;
  }
  if (widget.childElementCount > 1) {
    widget.setAttribute('role', 'group');
    widget.setAttribute('aria-labelledby', label.id);
  }
  const learnable = control.writable && (types === '' || types === 'T'
    || ((types === 'f' || types === 'i') && finite(range)));
  learn.hidden = !learnable;
  learn.addEventListener('click', () => startLearning(control, range, row, learn));
  const shown = (value, options) => {
    update(value, options);
    // A whole latent (32 numbers and more) is in its text field already: a column of them would only push rows apart.
    if (control.writable && types !== '' && value.length <= 2) {
      output.textContent = value.map(format).join(' ');
    }
  };
  shown(control.value);
  widgets.set(control.address, { row, update: shown });
  return row;
}

function finite(range) {
  return Number.isFinite(range.min) && Number.isFinite(range.max);
}

function format(value) {
  return typeof value === 'number' ? String(Number(value.toPrecision(4))) : String(value);
}

/** A button that sends the impulse (tap, restart). */
function impulse(control, widget) {
  const button = document.createElement('button');
  button.textContent = control.address.replace('/zoomorph/', '');
  button.addEventListener('click', () => send(control.address, []));
  widget.append(button);
  return () => {};
}

function toggle(control, widget) {
  const box = document.createElement('input');
  box.type = 'checkbox';
  box.setAttribute('role', 'switch');
  box.addEventListener('change', () => send(control.address, [box.checked]));
  widget.append(box);
  return (value) => { box.checked = value[0] === true; };
}

/** One button per whole number in the range: keyframe pads. */
function pads(control, widget, range) {
  const buttons = [];
  for (let i = range.min; i <= range.max; i++) {
    const button = document.createElement('button');
    button.textContent = String(i);
    button.addEventListener('click', () => send(control.address, [i]));
    buttons.push(button);
  }
  widget.append(...buttons);
  return (value) => buttons.forEach((b, i) => b.classList.toggle('on', range.min + i === value[0]));
}

/**
 * A slider for argument `index` of a control with a finite range: logarithmic where the control is smoothed on its
 * logarithm (zoom), so equal travel multiplies the value by equal ratios. A control of several arguments (centre)
 * sends all of them, the others as the show has them.
 */
function slider(control, widget, index, range) {
  const input = document.createElement('input');
  input.type = 'range';
  input.min = '0';
  input.max = String(SLIDER_STEPS);
  input.step = '1';
  input.dataset.index = String(index);
  const log = control.smoothing === 'logarithmic' && range.min > 0;
  input.dataset.scale = log ? 'logarithmic' : 'linear';
  const toValue = (position) => {
    const x = position / SLIDER_STEPS;
    const value = log ? range.min * (range.max / range.min) ** x : range.min + (range.max - range.min) * x;
    return control.types[index] === 'i' ? Math.round(value) : value;
  };
  const toPosition = (value) => {
    const x = log ? Math.log(value / range.min) / Math.log(range.max / range.min)
      : (value - range.min) / (range.max - range.min);
    return Math.round(Math.max(0, Math.min(1, x)) * SLIDER_STEPS);
  };
  if (control.types.length > 1) {
    input.setAttribute('aria-label', `${control.address.replace('/zoomorph/', '')} ${index + 1}`);
  }
  const place = (value) => { input.value = String(toPosition(value[index])); };
  const sendPosition = () => {
    // The other arguments as the show has them; this one as the slider says (the show's value until applied).
    const args = [...(values.get(control.address) ?? [])];
    args[index] = toValue(Number(input.value));
    send(control.address, args);
  };
  // Under a pointer the show's values do not move the slider. A touch jumps it to the finger before the browser
  // knows whether the touch slides it or scrolls the page (then it cancels the pointer): the jump waits until the
  // slider moves again (a slide) or the touch ends (a tap), and a scroll puts the slider back.
  let dragging = false;
  let touch = null; // 'down', then 'jumped' until the touch slides
  input.addEventListener('pointerdown', (event) => {
    dragging = true;
    touch = event.pointerType === 'touch' ? 'down' : null;
  });
  input.addEventListener('input', () => {
    if (touch === 'down') {
      touch = 'jumped';
      return;
    }
    touch = null;
    sendPosition();
  });
  input.addEventListener('pointerup', () => {
    if (touch === 'jumped') {
      sendPosition();
    }
    dragging = false;
    touch = null;
  });
  input.addEventListener('pointercancel', () => {
    dragging = false;
    touch = null;
    const known = values.get(control.address);
    if (known !== undefined) {
      place(known); // before the show's first values there is nothing to go back to
    }
  });
  widget.append(input);
  return (value, { refused = false } = {}) => {
    if (!dragging || refused) {
      place(value);
    }
  };
}

/**
 * A pad that pans the view (the centre, a plane point): the picture follows a drag, a drag across the pad's shorter
 * side moving it by the view's shorter side, which spans 2 / zoom of the plane (larger zooms show less). Steps are
 * relative to the zoom as the show has it, so panning works at any depth, where a slider over the centre's whole
 * range would jump screens at a time. Arrow keys move by a tenth of the view. The table's ranges bound the centre.
 * (A preset's view rotation is not a control, so the page does not know it: on a rotated view the pan turns with it.)
 */
function panPad(control, widget) {
  const pad = document.createElement('div');
  pad.className = 'pan-pad';
  pad.tabIndex = 0;
  pad.setAttribute('role', 'group');
  pad.setAttribute('aria-label', 'pan the view: drag, or use the arrow keys');
  pad.textContent = 'drag to pan';
  const [rangeX, rangeY] = control.ranges;
  const viewSpan = () => 2 / (values.get(ZOOM)?.[0] ?? 1);
  const moveTo = (x, y) => send(control.address, [
    Math.max(rangeX.min, Math.min(rangeX.max, x)),
    Math.max(rangeY.min, Math.min(rangeY.max, y)),
  ]);
  let drag = null;
  pad.addEventListener('pointerdown', (event) => {
    const [x, y] = values.get(control.address) ?? [0, 0];
    const side = Math.min(pad.clientWidth, pad.clientHeight) || 1;
    // From where the drag began, so coalesced sends and the show's echoes do not add up.
    drag = { id: event.pointerId, fromX: event.clientX, fromY: event.clientY, x, y, perPixel: viewSpan() / side };
    pad.setPointerCapture?.(event.pointerId);
    pad.classList.add('dragging');
    event.preventDefault();
  });
  pad.addEventListener('pointermove', (event) => {
    if (drag && event.pointerId === drag.id) {
      // Plane y grows downwards, as screen y does: both axes follow the pointer the same way.
      moveTo(drag.x - (event.clientX - drag.fromX) * drag.perPixel,
        drag.y - (event.clientY - drag.fromY) * drag.perPixel);
    }
  });
  const end = (event) => {
    if (drag && event.pointerId === drag.id) {
      drag = null;
      pad.classList.remove('dragging');
    }
  };
  pad.addEventListener('pointerup', end);
  pad.addEventListener('pointercancel', end);
  pad.addEventListener('keydown', (event) => {
    const step = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] }[event.key];
    if (step) {
      event.preventDefault();
      const [x, y] = values.get(control.address) ?? [0, 0];
      const by = viewSpan() * PAN_KEY_STEP;
      moveTo(x + step[0] * by, y + step[1] * by);
    }
  });
  widget.append(pad);
  return () => {};
}

function numberField(control, widget) {
  const input = document.createElement('input');
  input.type = 'number';
  input.step = 'any';
  input.addEventListener('change', () => send(control.address, [Number(input.value)]));
  widget.append(input);
  return (value) => { input.value = String(value[0]); };
}

/** A menu of the names a string takes (palette). */
function picker(control, widget, names) {
  const select = document.createElement('select');
  names.forEach((name) => select.append(new Option(name, name)));
  select.addEventListener('change', () => send(control.address, [select.value]));
  widget.append(select);
  return (value) => {
    select.value = value[0];
  };
}

/** The preset menu on the page, which listPresetFiles fills; null before the controls are built. */
let presetMenu = null;

/**
 * The bundled presets and the preset folder's files (GET /api/presets) in a menu, and any other preset name or path
 * typed in.
 */
function presetPicker(control, widget, names) {
  const select = document.createElement('select');
  names.forEach((name) => select.append(new Option(name, name)));
  const files = document.createElement('optgroup');
  files.label = 'preset folder';
  select.append(files);
  select.addEventListener('change', () => send(control.address, [select.value]));
  const other = document.createElement('input');
  other.type = 'text';
  other.placeholder = 'other preset or path';
  const go = document.createElement('button');
  go.textContent = 'switch';
  go.addEventListener('click', () => other.value.trim() && send(control.address, [other.value.trim()]));
  widget.append(select, other, go);
  const menu = { select, files, playing: null };
  presetMenu = menu;
  listPresetFiles();
  return (value) => {
    menu.playing = value[0];
    selectPlaying(menu);
  };
}

/** Shows the preset playing in the menu: by name, or as its file in the preset folder ('mine' from mine.json). */
function selectPlaying(menu) {
  const { select, playing } = menu;
  select.querySelectorAll('option[data-elsewhere]').forEach((option) => option.remove());
  const options = [...select.options];
  const option = options.find((o) => o.value === playing)
    ?? options.find((o) => o.value.replace(/\.(json|ya?ml)$/i, '') === playing);
  if (option) {
    select.value = option.value;
    return;
  }
  // Played from a file named elsewhere (the command line, a playlist): shown, but not offered to switch to.
  const shown = new Option(playing, playing);
  shown.disabled = true;
  shown.dataset.elsewhere = 'true';
  select.append(shown);
  select.value = playing;
}

/** What listing the preset folder's files said of the token. */
const TOKEN_TAKEN = 'taken';
const TOKEN_REFUSED = 'refused';
const TOKEN_UNCHECKED = 'unchecked';

/**
 * Lists the preset folder's files in the menu (again after a save). The list needs the token: says whether the show
 * took it, refused it (said on the page), or could not tell (no token, no answer, another error).
 */
async function listPresetFiles() {
  if (!token()) {
    return TOKEN_UNCHECKED; // without the token the menu has the bundled presets only
  }
  let response;
  try {
    response = await fetch('/api/presets', { headers: { 'X-Zoomorph-Token': token() } });
  } catch (e) {
    return TOKEN_UNCHECKED; // the show cannot be reached: the feed's reconnection rebuilds the menu
  }
  if (response.status === 401) {
    fail('The show refused this token (401 Unauthorized): enter the token serve printed.');
    return TOKEN_REFUSED;
  }
  if (!response.ok) {
    return TOKEN_UNCHECKED;
  }
  const files = (await response.json()).files;
  const menu = presetMenu;
  if (menu !== null) {
    menu.files.replaceChildren(...files.map((file) => new Option(file, file)));
    if (menu.playing !== null) {
      selectPlaying(menu);
    }
  }
  return TOKEN_TAKEN;
}

/** A text field for a list of numbers (the whole latent) or a free string. */
function textField(control, widget) {
  const input = document.createElement('input');
  input.type = 'text';
  const set = document.createElement('button');
  set.textContent = 'set';
  const numbers = /^f+$/.test(control.types);
  set.addEventListener('click', () => {
    if (!numbers) {
      send(control.address, [input.value]);
      return;
    }
    const parts = input.value.split(/[\s,]+/).filter((p) => p !== '').map(Number);
    if (parts.length !== control.types.length || parts.some((n) => !Number.isFinite(n))) {
      fail(`${control.address} takes ${control.types.length} numbers, separated by spaces or commas`);
      return;
    }
    send(control.address, parts);
  });
  widget.append(input, set);
  return (value) => {
    if (document.activeElement !== input) {
      input.value = numbers ? value.map((v) => v.toFixed(3)).join(' ') : value.join(' ');
    }
  };
}

// ---- MIDI-learn ------------------------------------------------------------------------------------------------

async function startLearning(control, range, row, button) {
  const min = control.types === '' || control.types === 'T' ? 0 : range.min;
  const max = control.types === '' || control.types === 'T' ? 1 : range.max;
  const curve = control.smoothing === 'logarithmic' && min > 0 ? 'exponential' : 'linear';
  const reply = await post('/api/midi/learn', { target: control.address, min, max, curve });
  if (reply === null) {
    return;
  }
  if (learning) {
    learning.row.classList.remove('learning');
    learning.button.textContent = 'learn';
  }
  learning = { address: control.address, row, button };
  row.classList.add('learning');
  button.textContent = 'move…';
  note(`MIDI-learn: move a control on a MIDI controller to bind it to ${control.address}.`);
}

function learned(address) {
  if (!learning || learning.address !== address) {
    return;
  }
  learning.row.classList.remove('learning');
  learning.row.dataset.learned = 'true';
  learning.button.textContent = 'learn';
  note(`MIDI-learn: bound to ${address}. Save the preset to keep the binding.`);
  learning = null;
}

// ---- The live feed ---------------------------------------------------------------------------------------------

function connectFeed() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const socket = new WebSocket(`${scheme}://${location.host}/ws/controls`);
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.type === 'controls') {
      build(message.controls);
    } else if (message.type === 'applied') {
      applied(message);
    }
  };
  socket.onclose = () => {
    controlsElement.dataset.connected = 'false';
    setTimeout(connectFeed, 1000);
  };
  socket.onopen = () => { controlsElement.dataset.connected = 'true'; };
}

function applied({ input, address, args }) {
  values.set(address, args);
  show(address, args);
  if (address === LATENT) {
    args.forEach((v, i) => {
      values.set(`${LATENT}/${i}`, [v]);
      show(`${LATENT}/${i}`, [v]);
    });
  }
  if (input === 'midi' || input === 'webmidi') {
    learned(address);
  }
}

// ---- WebMIDI: a controller on this machine, forwarded to the server's bindings -------------------------------

const midiQueue = [];
const midiDevices = new Set();
let midiBusy = false;

async function startMidi() {
  if (!navigator.requestMIDIAccess) {
    midiStatus.textContent = 'MIDI: this browser has no WebMIDI';
    return;
  }
  let access;
  try {
    access = await navigator.requestMIDIAccess();
  } catch (e) {
    midiStatus.textContent = `MIDI: not allowed (${e.message})`;
    return;
  }
  const attached = new Set();
  const attach = (port) => {
    if (port.type !== 'input' || attached.has(port.id)) {
      return;
    }
    attached.add(port.id);
    midiDevices.add(port.name);
    port.onmidimessage = (event) => forward(port.name, event.data);
    announceMidiDevices();
  };
  access.inputs.forEach(attach);
  access.onstatechange = (event) => {
    if (event.port.state === 'connected') {
      attach(event.port);
    }
  };
  midiStatus.textContent = midiDevices.size === 0 ? 'MIDI: no controller'
    : `MIDI: ${[...midiDevices].join(', ')} (forwarded)`;
}

/** Tells the server which controllers there are, so MIDI-learn knows it can wait for one. */
function announceMidiDevices() {
  if (midiDevices.size === 0) {
    return; // the status says why there is none
  }
  for (const device of midiDevices) {
    midiQueue.push({ device, bytes: null });
  }
  midiStatus.textContent = `MIDI: ${[...midiDevices].join(', ')} (forwarded)`;
  flushMidi();
}

function forward(device, data) {
  const status = data[0];
  // Channel voice messages only: MIDI clock and active sensing stream constantly and would jitter over HTTP. Without
  // a token nothing is sent (knob moves made then are not replayed later).
  if (status < 0x80 || status > 0xef || !token()) {
    return;
  }
  const length = (status & 0xf0) === 0xc0 || (status & 0xf0) === 0xd0 ? 2 : 3;
  midiQueue.push({ device, bytes: Array.from(data.slice(0, length)) });
  flushMidi();
}

/** One request in flight; what arrives meanwhile goes in the next, in order, batched per device. */
async function flushMidi() {
  if (midiBusy || midiQueue.length === 0 || !token()) {
    return;
  }
  midiBusy = true;
  while (midiQueue.length > 0) {
    const device = midiQueue[0].device;
    const messages = [];
    while (midiQueue.length > 0 && midiQueue[0].device === device && messages.length < MIDI_BATCH) {
      const { bytes } = midiQueue.shift();
      if (bytes) {
        messages.push(bytes);
      }
    }
    await post('/api/midi', { device, messages });
  }
  midiBusy = false;
}

startViewer(document.getElementById('preview'), { mode: 'auto' });
connectFeed();
startMidi();
