package dev.zoomorph.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zoomorph.engine.control.ControlBus;
import dev.zoomorph.engine.control.ControlParameter;
import dev.zoomorph.engine.control.midi.MidiBinding;
import dev.zoomorph.engine.control.midi.MidiSource;
import dev.zoomorph.engine.preset.Preset;
import dev.zoomorph.engine.preset.Presets;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import reactor.core.Disposable;
import reactor.netty.http.client.HttpClient;

/**
 * The control page ({@code /control}) in Debian's real headless Chromium, on a real show with OSC: built from the
 * control table, its sliders steer the show (checked on the state stream), values sent over OSC move them, a wrong
 * token is refused on the page and changes nothing, and MIDI-learn binds a controller the page forwards with WebMIDI
 * (a stand-in MIDI input is put in the page before its scripts run: headless Chromium has no MIDI devices). One
 * browser, tests in order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class ControlPageBrowserTest {

  private static final String TOKEN = "page-token-51c2";
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ZOOM = "/zoomorph/zoom";
  /** A MIDI input named "Test Keys" whose messages the test plays with testMidi([status, data1, data2]). */
  private static final String FAKE_MIDI = """
      (() => {
        const input = {id: 'test-keys', name: 'Test Keys', type: 'input', state: 'connected', onmidimessage: null};
        const access = {inputs: new Map([[input.id, input]]), outputs: new Map(), onstatechange: null};
        Object.defineProperty(navigator, 'requestMIDIAccess', {value: () => Promise.resolve(access)});
        window.testMidi = (bytes) => input.onmidimessage({data: new Uint8Array(bytes)});
      })();""";

  @TempDir
  static Path temp;

  private LiveServer live;
  private HeadlessChromium browser;
  private ApiClient api;
  private String fakeMidi; // the identifier of the FAKE_MIDI script in the browser

  @BeforeAll
  void start() throws Exception {
    Show show = TestShows.cppn(48, 32, 10);
    live = LiveServer.start(show, show.controls(), "127.0.0.1", 0,
        new ControlOptions(new ApiToken(TOKEN), OptionalInt.of(0), null,
            ShowBuilder.saver(show, Files.createDirectories(presets())), presets(), null, null));
    api = new ApiClient(live.port());
    browser = new HeadlessChromium("about:blank", temp.resolve("profile"));
    browser.call("Page.enable", Map.of());
    fakeMidi = browser.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source", FAKE_MIDI))
        .get("identifier").asText();
    openPage();
  }

  private void openPage() {
    browser.navigate("http://127.0.0.1:" + live.port() + "/control");
    Polling.await(() -> browser.evaluate("document.querySelectorAll('.control').length").asInt() > 20, WAIT,
        () -> "the page built no controls; console " + browser.console());
  }

  @AfterAll
  void stop() throws Exception {
    if (browser != null) {
      browser.close();
    }
    if (live != null) {
      live.close();
    }
  }

  @Test
  @Order(1)
  void thePageIsServedWithAContentSecurityPolicyAndNoCors() {
    ApiClient.Response page = api.get("/control");
    assertThat(page.headers().get("Content-Security-Policy")).contains("script-src 'self'")
        .contains("default-src 'none'").doesNotContain("unsafe-inline");
    assertThat(page.headers().contains("Access-Control-Allow-Origin")).isFalse();
    // Built from the table: a logarithmic slider where the control is smoothed on its logarithm.
    assertThat(browser.evaluate(slider(ZOOM, 0) + ".dataset.scale").asText()).isEqualTo("logarithmic");
    assertThat(browser.evaluate(slider("/zoomorph/speed", 0) + ".dataset.scale").asText()).isEqualTo("linear");
    assertThat(browser.evaluate(row("/zoomorph/post/palette") + " === null").asBoolean())
        .as("the show draws in colour: no palette is offered").isTrue();
    // The preset ("sf": a name and an optional crossfade) is a menu of the bundled presets.
    assertThat(presetMenu()).contains("default", "drift", "loop");
  }

  @Test
  @Order(2)
  void aWrongTokenShowsTheErrorAndChangesNothing() {
    // No token is not said to be saved (it was, unchecked).
    saveToken("");
    Polling.await(() -> message().equals("No token in this browser now: changes need one."), WAIT,
        () -> "the page says '" + message() + "'");
    // A token no show has (a pasted quote, a space): said so, and not kept (fetch could not send it: the page said
    // the show could not be reached).
    browser.evaluate("document.getElementById('token').value = 't\u2019ken';"
        + " document.getElementById('token-form').requestSubmit()");
    Polling.await(() -> message().startsWith("A token is printable ASCII without spaces"), WAIT,
        () -> "the page says '" + message() + "'");
    assertThat(browser.evaluate("localStorage.getItem('zoomorph.token') ?? ''").asText()).isEmpty();
    saveToken("not-the-token");
    // The page lists the preset folder with the token saved: the show's 401 is said, not "saved".
    Polling.await(() -> message().startsWith("The show refused this token"), WAIT,
        () -> "the page says '" + message() + "'");
    assertThat(browser.evaluate("document.getElementById('message').className").asText()).as("an error").isEmpty();
    browser.evaluate("document.getElementById('message').textContent = ''");
    long refusedBefore = api.get("/api/state").json().at("/inputs/http/unauthorized").asLong();
    // A drag: the pointer stays down while the change is refused, and the slider goes back under it.
    pointer(ZOOM, "pointerdown");
    moveSlider(ZOOM, 0, 900);
    Polling.await(() -> message().contains("token was refused"), WAIT, () -> "the page says '" + message() + "'");
    assertThat(api.get("/api/state").json().at("/inputs/http/unauthorized").asLong())
        .as("the page sent the change, and it was refused").isGreaterThan(refusedBefore);
    assertThat(value(ZOOM)).as("nothing changed").isEqualTo(1.0);
    Polling.await(() -> browser.evaluate(slider(ZOOM, 0) + ".value").asInt() == 250, WAIT,
        () -> "the slider does not show the show's zoom 1 again");
    pointer(ZOOM, "pointerup");
  }

  @Test
  @Order(3)
  void movingASliderChangesTheNextFrameOnTheStateStream() {
    saveToken(TOKEN);
    Polling.await(() -> message().equals("Token saved in this browser."), WAIT,
        () -> "the page says '" + message() + "'");
    // A refused switch first: its error must not outlive the change that goes through below.
    browser.evaluate("{ const r = " + row("/zoomorph/preset") + "; r.querySelector('input[type=text]').value = "
        + "'/etc/passwd'; r.querySelector('input[type=text] + button').click(); }");
    Polling.await(() -> message().contains("refused over the network"), WAIT,
        () -> "the page says '" + message() + "'");
    List<double[]> frames = new CopyOnWriteArrayList<>(); // {frame number, zoom}
    Disposable stream = HttpClient.create()
        .websocket()
        .uri("ws://127.0.0.1:" + live.port() + "/ws/show")
        .handle((in, out) -> in.receive().asByteArray().doOnNext(message -> {
          ByteBuffer b = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
          if (b.get(0) == StateMessages.KIND_FRAME) {
            frames.add(new double[] {b.getLong(8), b.getDouble(StateMessages.FRAME_HEADER + 24)});
          }
        }))
        .subscribe();
    AtomicLong rendered = new AtomicLong(-1);
    Disposable scenes = live.show().renderedScenes().subscribe(scene -> rendered.set(scene.frame()));
    AtomicReference<long[]> appliedAt = new AtomicReference<>(); // {frame rendered last, zoom bits}
    Disposable applied = live.controls().bus().applied()
        .filter(change -> change.message().address().equals(ZOOM))
        .subscribe(change -> appliedAt.set(new long[] {rendered.get(),
            Double.doubleToLongBits(change.message().number(0))}));
    try {
      Polling.await(() -> !frames.isEmpty() && rendered.get() >= 0, WAIT, () -> "no frame on the state stream");
      moveSlider(ZOOM, 0, 750);
      Polling.await(() -> appliedAt.get() != null, WAIT, () -> "the page's change was not applied: " + message());
      double zoom = Double.longBitsToDouble(appliedAt.get()[1]);
      assertThat(zoom).as("the slider is logarithmic: three quarters of 0.01 … 10⁶").isCloseTo(1e4, within(1e-6));
      // Frame n+1 may have started before the change; frame n+2, the next to start after it, must show it.
      long next = appliedAt.get()[0] + 2;
      Polling.await(() -> frames.stream().anyMatch(f -> f[0] >= next), WAIT, () -> "no frame " + next);
      double[] first = frames.stream().filter(f -> f[0] >= next).findFirst().orElseThrow();
      assertThat(first[1]).as("zoom of frame %d, the first after the change", (long) first[0]).isEqualTo(zoom);
      assertThat(frames.get(0)[1]).as("zoom before the change").isEqualTo(1.0);
      assertThat(browser.evaluate("document.getElementById('message').hidden").asBoolean())
          .as("a change that went through took the earlier error away: '%s'", message()).isTrue();
    } finally {
      stream.dispose();
      scenes.dispose();
      applied.dispose();
    }
  }

  @Test
  @Order(4)
  void aValueSentOverOscMovesTheSlider() throws Exception {
    OscSend.send(live.controls().oscAddress().getPort(), "/zoomorph/post/contrast", "f", "2.5");
    Polling.await(() -> browser.evaluate(slider("/zoomorph/post/contrast", 0) + ".value").asInt() == 625, WAIT,
        () -> "the contrast slider is at " + browser.evaluate(slider("/zoomorph/post/contrast", 0) + ".value"));
    assertThat(browser.evaluate(row("/zoomorph/post/contrast") + ".querySelector('output').textContent").asText())
        .isEqualTo("2.5");
  }

  @Test
  @Order(5)
  void midiLearnThroughThePageBindsAControllerItForwards() {
    String gamma = "/zoomorph/post/gamma";
    // The page forwarded its MIDI input when the token was saved: the server knows a controller to learn from.
    Polling.await(() -> live.controls().webMidi().hasDevice(), WAIT, () -> "no browser MIDI device announced");
    assertThat(live.controls().webMidi().devices()).containsExactly("Test Keys");
    browser.evaluate(row(gamma) + ".querySelector('button.learn').click()");
    Polling.await(() -> live.controls().midiLearn() != null && live.controls().midiLearn().armed(), WAIT,
        () -> "learn not armed: " + message());
    Polling.await(() -> browser.evaluate(row(gamma) + ".classList.contains('learning')").asBoolean(), WAIT,
        () -> "the page does not say it is learning: " + message());

    browser.evaluate("testMidi([0xB1, 74, 127])"); // CC 74 on channel 2, all the way up
    Polling.await(() -> value(gamma) == 10.0, WAIT, () -> "gamma is " + value(gamma));
    assertThat(live.controls().midiBindings())
        .containsExactly(MidiBinding.of(MidiSource.cc(2, 74), gamma, 0.1, 10));
    Polling.await(() -> browser.evaluate(row(gamma) + ".dataset.learned").asText().equals("true")
        && browser.evaluate(slider(gamma, 0) + ".value").asInt() == 1000, WAIT,
        () -> "the page does not show the binding: " + message());

    browser.evaluate("testMidi([0xB1, 74, 0])");
    Polling.await(() -> value(gamma) == 0.1, WAIT, () -> "gamma is " + value(gamma));
    Polling.await(() -> browser.evaluate(slider(gamma, 0) + ".value").asInt() == 0, WAIT,
        () -> "the gamma slider did not follow the controller");
    ControlBus.InputCounts counts = live.controls().bus().counts(ControlInputs.WEB_MIDI);
    assertThat(counts.accepted()).isEqualTo(2);
    assertThat(browser.console()).noneMatch(line -> line.startsWith("exception"));
  }

  @Test
  @Order(6)
  void savingFromThePageKeepsTheShowAsPlayedAndTheLearnedBinding() {
    browser.evaluate("document.getElementById('save-name').value = '../outside';"
        + " document.getElementById('save-form').requestSubmit()");
    Polling.await(() -> message().contains("name must be"), WAIT, () -> "the page says '" + message() + "'");
    assertThat(temp.resolve("outside.json")).doesNotExist();

    browser.evaluate("document.getElementById('save-name').value = 'from-the-page';"
        + " document.getElementById('save-form').requestSubmit()");
    Path saved = presets().resolve("from-the-page.json");
    Polling.await(() -> message().startsWith("Saved "), WAIT, () -> "the page says '" + message() + "'");
    assertThat(message()).as("the file, not the server's path to it")
        .isEqualTo("Saved from-the-page.json in the preset folder with 1 MIDI binding(s).");
    Preset preset = Presets.load(saved.toString());
    assertThat(preset.post().gamma()).as("where the controller left gamma").isEqualTo(0.1);
    assertThat(preset.midi()).containsExactly(MidiBinding.of(MidiSource.cc(2, 74), "/zoomorph/post/gamma", 0.1, 10));
  }

  @Test
  @Order(7)
  void theMenuOffersWhatWasSavedAndSwitchesToIt() {
    Polling.await(() -> presetMenu().contains("from-the-page.json"), WAIT,
        () -> "the menu offers " + presetMenu() + "; the page says '" + message() + "'");
    choosePreset("from-the-page.json");
    Polling.await(() -> live.show().controls().preset().name().equals("from-the-page"), WAIT,
        () -> "the show plays " + live.show().controls().preset().name() + "; the page says '" + message() + "'");
    Polling.await(() -> browser.evaluate(row("/zoomorph/preset") + ".querySelector('select').value").asText()
        .equals("from-the-page.json"), WAIT, () -> "the menu does not show the file playing");
    assertThat(browser.evaluate("document.getElementById('message').hidden").asBoolean())
        .as("the save's note is over once the page does something else: '%s'", message()).isTrue();
  }

  @Test
  @Order(8)
  void choosingAPresetFromTheMenuSwitchesTheShow() {
    choosePreset("drift");
    Polling.await(() -> live.show().controls().preset().name().equals("drift"), WAIT,
        () -> "the show plays " + live.show().controls().preset().name() + "; the page says '" + message() + "'");
  }

  @Test
  @Order(9)
  void theCentreIsPannedWithAPadInStepsOfTheViewNotOfItsWholeRange() {
    String center = "/zoomorph/center";
    assertThat(browser.evaluate(row(center) + ".querySelector('input[type=range]') === null").asBoolean())
        .as("no slider over the centre's whole range").isTrue();
    setOverApi(ZOOM, "4");
    setOverApi(center, "0.5, -0.25");
    Polling.await(() -> browser.evaluate(row(ZOOM) + ".querySelector('output').textContent").asText().equals("4")
            && browser.evaluate(row(center) + ".querySelector('output').textContent").asText().equals("0.5 -0.25"),
        WAIT, () -> "the page does not show zoom 4 and centre 0.5 -0.25");

    // A real drag (the browser's mouse input, as pointer events): half the pad's shorter side right, a quarter down.
    String pad = row(center) + ".querySelector('.pan-pad')";
    JsonNode box = browser.evaluate("(() => { const p = " + pad + "; p.scrollIntoView({block: 'center'});"
        + " const r = p.getBoundingClientRect(); return {x: r.left + r.width / 2, y: r.top + r.height / 2,"
        + " side: Math.min(p.clientWidth, p.clientHeight)}; })()");
    double x = box.get("x").asDouble();
    double y = box.get("y").asDouble();
    int side = box.get("side").asInt();
    assertThat(side).as("the pad's shorter side in pixels").isGreaterThan(40);
    int dx = side / 2;
    int dy = side / 4;
    mouse("mousePressed", x, y);
    mouse("mouseMoved", x + dx / 2.0, y + dy / 2.0);
    mouse("mouseMoved", x + dx, y + dy);
    mouse("mouseReleased", x + dx, y + dy);
    // The view's shorter side spans 2 / zoom = 0.5 of the plane; the picture follows the pointer.
    double perPixel = 0.5 / side;
    double[] expected = {0.5 - dx * perPixel, -0.25 - dy * perPixel};
    Polling.await(() -> near(values(center), expected), WAIT,
        () -> "the centre is " + values(center) + ", not " + expected[0] + ", " + expected[1] + "; " + message());
    assertThat(expected[0]).as("half the pad moves half the view, a quarter of a plane unit").isCloseTo(0.25,
        within(0.5 / side));

    // Keys: a tenth of the view.
    browser.evaluate(pad + ".focus()");
    browser.call("Input.dispatchKeyEvent", Map.of("type", "keyDown", "key", "ArrowRight", "code", "ArrowRight",
        "windowsVirtualKeyCode", 39));
    browser.call("Input.dispatchKeyEvent", Map.of("type", "keyUp", "key", "ArrowRight", "code", "ArrowRight",
        "windowsVirtualKeyCode", 39));
    double[] stepped = {expected[0] + 0.05, expected[1]};
    Polling.await(() -> near(values(center), stepped), WAIT, () -> "after →, the centre is " + values(center));
  }

  @Test
  @Order(10)
  void latentComponentsAreListedInNumericOrder() {
    List<Integer> indices = List.of(browser.evaluate("[...document.querySelectorAll("
            + "'details[data-group=\"latent components\"] .control')].map(r => r.dataset.address.split('/').pop())"
            + ".join(',')").asText().split(",")).stream().map(Integer::valueOf).toList();
    assertThat(indices).hasSizeGreaterThan(10);
    assertThat(indices).isSorted().startsWith(0, 1, 2);
  }

  /** A pointer the browser cancels (a touch it took for a scroll) leaves the slider following the show. */
  @Test
  @Order(11)
  void aSliderFollowsTheShowAgainAfterItsPointerIsCancelled() {
    pointer(ZOOM, "pointerdown");
    pointer(ZOOM, "pointercancel");
    setOverApi(ZOOM, "100");
    Polling.await(() -> browser.evaluate(slider(ZOOM, 0) + ".value").asInt() == 500, WAIT,
        () -> "the zoom slider is at " + browser.evaluate(slider(ZOOM, 0) + ".value") + ", not at zoom 100's 500");
  }

  /**
   * A finger swiping up over a slider scrolls the page and changes nothing, though Chromium jumps the slider to where
   * the finger went down; a finger sliding along it changes the show.
   */
  @Test
  @Order(12)
  void aVerticalSwipeOverASliderScrollsThePageAndChangesNothing() {
    saveToken(TOKEN); // what the page sends goes through: nothing the swipe sent would be taken back
    setOverApi(ZOOM, "100");
    Polling.await(() -> browser.evaluate(slider(ZOOM, 0) + ".value").asInt() == 500, WAIT,
        () -> "the zoom slider does not show zoom 100");
    List<Double> applied = new CopyOnWriteArrayList<>();
    Disposable changes = live.controls().bus().applied()
        .filter(change -> change.message().address().equals(ZOOM))
        .subscribe(change -> applied.add(change.message().number(0)));
    browser.call("Emulation.setTouchEmulationEnabled", Map.of("enabled", true, "maxTouchPoints", 1));
    try {
      JsonNode start = sliderPoint(ZOOM);
      double scrolled = browser.evaluate("scrollY").asDouble();
      touch("touchStart", start.get("x").asDouble(), start.get("y").asDouble());
      Polling.await(() -> browser.evaluate(slider(ZOOM, 0) + ".value").asInt() < 300, WAIT,
          () -> "Chromium did not jump the slider to the finger: it is at "
              + browser.evaluate(slider(ZOOM, 0) + ".value"));
      int jumped = browser.evaluate(slider(ZOOM, 0) + ".value").asInt();
      for (int step = 1; step <= 10; step++) {
        touch("touchMove", start.get("x").asDouble(), start.get("y").asDouble() - 8 * step);
      }
      browser.call("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
      Polling.await(() -> browser.evaluate("scrollY").asDouble() > scrolled, WAIT, () -> "the page did not scroll");
      Polling.await(() -> browser.evaluate(slider(ZOOM, 0) + ".value").asInt() == 500, WAIT,
          () -> "after the swipe the slider is at " + browser.evaluate(slider(ZOOM, 0) + ".value"));

      // A slide, from the same place: its changes go after any the swipe made, in order.
      JsonNode from = sliderPoint(ZOOM);
      touch("touchStart", from.get("x").asDouble(), from.get("y").asDouble());
      for (int step = 1; step <= 10; step++) {
        touch("touchMove", from.get("x").asDouble() + 8 * step, from.get("y").asDouble());
      }
      browser.call("Input.dispatchTouchEvent", Map.of("type", "touchEnd", "touchPoints", List.of()));
      // The browser moves the slider as it gets to the touch's moves: wait for the show to be where the slider is.
      Polling.await(() -> Math.abs(value(ZOOM) / zoomAt(browser.evaluate(slider(ZOOM, 0) + ".value").asInt()) - 1)
          < 1e-9, WAIT, () -> "the show's zoom is " + value(ZOOM) + ", the slider at "
              + browser.evaluate(slider(ZOOM, 0) + ".value") + "; " + message());
      assertThat(browser.evaluate(slider(ZOOM, 0) + ".value").asInt()).as("the slide moved the slider")
          .isGreaterThan(jumped);
      double jumpedZoom = zoomAt(jumped);
      assertThat(applied).as("zooms applied; the swipe's jump was %s", jumpedZoom)
          .noneMatch(zoom -> Math.abs(zoom / jumpedZoom - 1) < 1e-9);
    } finally {
      changes.dispose();
      browser.call("Emulation.setTouchEmulationEnabled", Map.of("enabled", false));
    }
  }

  /**
   * Every field, menu and button on the page has an accessible name, as Chromium's accessibility tree computes it,
   * and each MIDI-learn button names its control.
   */
  @Test
  @Order(13)
  void everyControlHasAnAccessibleNameAndEachLearnButtonItsOwn() {
    browser.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })");
    int learnButtons = browser.evaluate("[...document.querySelectorAll('button.learn')].filter(b => !b.hidden)"
        + ".length").asInt();
    assertThat(learnButtons).isGreaterThan(10);
    Set<String> interactive = Set.of("button", "slider", "checkbox", "switch", "combobox", "textbox", "spinbutton",
        "group");
    List<String> unnamed = new ArrayList<>();
    List<String> learnNames = new ArrayList<>();
    Map<String, Integer> roles = new TreeMap<>();
    for (JsonNode node : browser.call("Accessibility.getFullAXTree", Map.of()).get("nodes")) {
      String role = node.at("/role/value").asText();
      if (node.path("ignored").asBoolean() || !interactive.contains(role)) {
        continue;
      }
      roles.merge(role, 1, Integer::sum);
      String name = node.at("/name/value").asText().trim();
      if (name.isEmpty()) {
        JsonNode element = browser.call("DOM.describeNode", Map.of("backendNodeId",
            node.get("backendDOMNodeId").asInt())).get("node");
        // A <details> is a group its <summary> opens, and that is named.
        if (!element.get("localName").asText().equals("details")) {
          unnamed.add(role + " " + element.get("localName").asText() + " " + element.get("attributes"));
        }
      } else if (name.startsWith("MIDI-learn ")) {
        learnNames.add(name);
      }
    }
    assertThat(roles).as("roles found").containsKeys("button", "slider", "switch", "combobox", "textbox");
    assertThat(roles.get("slider")).isGreaterThan(10);
    assertThat(unnamed).as("nodes without a name among %s", roles).isEmpty();
    assertThat(learnNames).hasSize(learnButtons).doesNotHaveDuplicates().contains("MIDI-learn zoom");
  }

  /** Saving a token where this browser allows no MIDI leaves the MIDI status saying so. */
  @Test
  @Order(14)
  void savingATokenLeavesTheMidiStatusAloneWhereMidiIsNotAllowed() {
    browser.call("Page.removeScriptToEvaluateOnNewDocument", Map.of("identifier", fakeMidi));
    browser.call("Page.addScriptToEvaluateOnNewDocument", Map.of("source", "Object.defineProperty(navigator, "
        + "'requestMIDIAccess', {value: () => Promise.reject(new DOMException('by the test', 'SecurityError'))});"));
    openPage();
    String notAllowed = "MIDI: not allowed (by the test)";
    Polling.await(() -> midiStatus().equals(notAllowed), WAIT, () -> "the MIDI status says " + midiStatus());
    saveToken(TOKEN);
    Polling.await(() -> message().equals("Token saved in this browser."), WAIT,
        () -> "the page says '" + message() + "'");
    assertThat(midiStatus()).isEqualTo(notAllowed);
  }

  private String midiStatus() {
    return browser.evaluate("document.getElementById('midi-status').textContent").asText();
  }

  /** Dispatches a pointer event of {@code type} (a mouse's: not a touch) on the first slider of {@code address}. */
  private void pointer(String address, String type) {
    browser.evaluate(slider(address, 0) + ".dispatchEvent(new PointerEvent('" + type + "', {bubbles: true, "
        + "pointerId: 1, pointerType: 'mouse'}))");
  }

  /** A point a tenth of the way along the first slider of {@code address}, scrolled to the window's middle. */
  private JsonNode sliderPoint(String address) {
    return browser.evaluate("(() => { const s = " + slider(address, 0) + "; s.scrollIntoView({block: 'center'});"
        + " const r = s.getBoundingClientRect(); return {x: r.left + r.width / 10, y: r.top + r.height / 2}; })()");
  }

  private void touch(String type, double x, double y) {
    browser.call("Input.dispatchTouchEvent", Map.of("type", type, "touchPoints", List.of(Map.of("x", x, "y", y))));
  }

  /** The zoom at a zoom slider's position: 0.01 … 10⁶ on a logarithmic scale of 1000 steps. */
  private static double zoomAt(int position) {
    return 0.01 * Math.pow(1e8, position / 1000.0);
  }

  private void setOverApi(String address, String args) {
    assertThat(api.post("/api/control", "{\"address\": \"" + address + "\", \"args\": [" + args + "]}",
        ApiClient.bearer(TOKEN)).status()).isEqualTo(200);
  }

  private void mouse(String type, double x, double y) {
    browser.call("Input.dispatchMouseEvent", Map.of("type", type, "x", x, "y", y, "button", "left",
        "buttons", type.equals("mouseReleased") ? 0 : 1, "clickCount", 1));
  }

  private List<Double> values(String address) {
    return live.controls().bus().parameters().stream().filter(p -> p.address().equals(address)).findFirst()
        .orElseThrow().value().stream().map(v -> ((Number) v).doubleValue()).toList();
  }

  private static boolean near(List<Double> values, double[] expected) {
    return Math.abs(values.get(0) - expected[0]) < 1e-9 && Math.abs(values.get(1) - expected[1]) < 1e-9;
  }

  /** The preset menu's choices, in order. */
  private List<String> presetMenu() {
    return List.of(browser.evaluate("[..." + row("/zoomorph/preset") + ".querySelectorAll('select option')]"
        + ".map(o => o.value).join(',')").asText().split(","));
  }

  private void choosePreset(String value) {
    browser.evaluate("{ const s = " + row("/zoomorph/preset") + ".querySelector('select'); s.value = '" + value
        + "'; s.dispatchEvent(new Event('change', {bubbles: true})); }");
  }

  private static Path presets() {
    return temp.resolve("presets");
  }

  private void saveToken(String token) {
    browser.evaluate("document.getElementById('token').value = '" + token + "';"
        + " document.getElementById('token-form').requestSubmit()");
    Polling.await(() -> browser.evaluate("localStorage.getItem('zoomorph.token')").asText().equals(token), WAIT,
        () -> "the token was not kept");
  }

  private void moveSlider(String address, int index, int position) {
    browser.evaluate("{ const s = " + slider(address, index) + "; s.value = '" + position + "';"
        + " s.dispatchEvent(new Event('input', {bubbles: true})); }");
  }

  private String message() {
    return browser.evaluate("document.getElementById('message').textContent").asText();
  }

  private double value(String address) {
    return live.controls().bus().parameters().stream().filter(p -> p.address().equals(address))
        .map(ControlParameter::value).map(v -> ((Number) v.get(0)).doubleValue()).findFirst().orElseThrow();
  }

  private static String row(String address) {
    return "document.querySelector('.control[data-address=\"" + address + "\"]')";
  }

  private static String slider(String address, int index) {
    return row(address) + ".querySelector('input[type=range][data-index=\"" + index + "\"]')";
  }
}
