package dev.zoomorph.playlist;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.zoomorph.engine.files.FileErrors;
import dev.zoomorph.engine.preset.Presets;
import dev.zoomorph.json.JsonProblem;
import dev.zoomorph.json.Required;
import dev.zoomorph.json.StrictJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads playlist files: JSON, or YAML when the name ends in {@code .yaml}/{@code .yml} (the same fields). Strict like
 * presets: unknown fields, wrong types and bad values are errors naming the file, the entry and the field, e.g.
 * {@code playlist gallery.json: entries[1].seconds: must be more than 0 (and at most 10000000), was 0}.
 *
 * <pre>{@code
 * {"entries": [{"preset": "default", "seconds": 60}, {"preset": "drift", "seconds": 60, "crossfade": 5}],
 *  "shuffle": false, "loop": true,
 *  "schedule": [{"from": "09:00", "to": "18:00", "days": ["tue-sun"]}], "outside": "dim"}
 * }</pre>
 *
 * Preset files named in a playlist are found beside it (a relative path is relative to the playlist's folder). The
 * presets themselves are loaded when they are due, so a file that breaks while the show runs is skipped then, and one
 * missing at load is only warned about (it can still be put there). A bare name that no bundled preset has is refused
 * at once: nothing on disk could ever make it play.
 */
public final class Playlists {
  private static final ObjectMapper JSON = StrictJson.strict(JsonMapper.builder()).build();
  private static final ObjectMapper YAML = StrictJson.strict(YAMLMapper.builder()).build();
  private static final Logger LOG = LoggerFactory.getLogger(Playlists.class);

  /** The most a playlist file may hold: a playlist is a few KB, and a file far larger is some other file. */
  public static final int MAX_BYTES = 1 << 20;

  private Playlists() {}

  /**
   * Reads and validates the playlist in {@code file}.
   *
   * @throws PlaylistException naming the file, the entry and the field
   */
  public static Playlist load(Path file) {
    return load(file, contents(file));
  }

  /**
   * What the playlist file {@code file} holds, read whole. It must be a regular file (a FIFO would hold the read up
   * for good, a device never end it) of at most {@link #MAX_BYTES}.
   *
   * @throws PlaylistException naming the file and what is wrong: missing, not a file, too large, unreadable
   */
  public static byte[] contents(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class); // through links
      if (attributes.isDirectory()) {
        throw new PlaylistException("playlist " + file + " is a folder, not a file");
      }
      if (!attributes.isRegularFile()) {
        throw new PlaylistException("playlist " + file + " is not a regular file (a FIFO or a device?)");
      }
      try (InputStream in = Files.newInputStream(file)) {
        byte[] bytes = in.readNBytes(MAX_BYTES + 1); // growing since its size was read: still bounded
        if (bytes.length > MAX_BYTES || attributes.size() > MAX_BYTES) {
          throw new PlaylistException("playlist " + file + " holds " + Math.max(bytes.length, attributes.size())
              + " bytes; a playlist is at most " + MAX_BYTES + " (1 MiB)");
        }
        return bytes;
      }
    } catch (NoSuchFileException e) {
      throw new PlaylistException("playlist " + file + " does not exist");
    } catch (IOException e) {
      throw new PlaylistException("playlist " + file + " cannot be read: " + FileErrors.reason(e), e);
    }
  }

  /**
   * Validates the playlist {@code file} holds as {@code bytes} (what {@link #contents} read of it).
   *
   * @throws PlaylistException naming the file, the entry and the field
   */
  public static Playlist load(Path file, byte[] bytes) {
    String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
    boolean yaml = name.toLowerCase(Locale.ROOT).matches(".*\\.(yaml|yml)");
    Playlist playlist = parse(new ByteArrayInputStream(bytes), yaml, "playlist " + file,
        file.toAbsolutePath().getParent());
    warnMissing(playlist, "playlist " + file);
    return playlist;
  }

  /**
   * Warns of each preset file the playlist names that is not there now: allowed (it is skipped until someone puts it
   * there), but a technician starting the show should hear of it at once rather than when it is due.
   */
  private static void warnMissing(Playlist playlist, String source) {
    for (Map.Entry<String, Playlist.Sequence> list : playlist.lists().entrySet()) {
      List<Playlist.Entry> entries = list.getValue().entries();
      for (int i = 0; i < entries.size(); i++) {
        warnIfMissing(entries.get(i).preset(), source, entriesField(list.getKey()) + "[" + i + "].preset");
      }
    }
    if (!playlist.schedule().isEmpty()) {
      warnIfMissing(playlist.outside(), source, "outside");
    }
  }

  private static void warnIfMissing(String preset, String source, String field) {
    if (Presets.isFileName(preset) && !Files.isRegularFile(Path.of(preset))) {
      LOG.warn("{}: {}: preset file {} does not exist; it is skipped until it does", source, field, preset);
    }
  }

  /** Where a list's entries are written in the file: {@code entries} for the main list. */
  private static String entriesField(String list) {
    return list.equals(Playlist.MAIN) ? "entries" : "lists." + list + ".entries";
  }

  /**
   * Parses a playlist; {@code source} names it in errors, and relative preset paths are resolved against
   * {@code folder}.
   *
   * @throws PlaylistException naming the source, the entry and the field
   */
  public static Playlist parse(InputStream in, boolean yaml, String source, Path folder) {
    FileJson json;
    try {
      byte[] text = in.readAllBytes();
      if (new String(text, StandardCharsets.UTF_8).isBlank()) {
        throw new PlaylistException(source + ": empty; a playlist needs at least one entry");
      }
      json = (yaml ? YAML : JSON).readValue(text, FileJson.class);
    } catch (JacksonException e) {
      JsonProblem problem = JsonProblem.of(e);
      String format = yaml ? "YAML" : "JSON";
      throw new PlaylistException(source + ": " + (problem.syntax() ? problem.notValid(format) : problem), e);
    } catch (IOException e) {
      throw new PlaylistException(source + " cannot be read: " + e.getMessage(), e);
    }
    if (json == null) {
      throw new PlaylistException(source + ": empty; a playlist needs at least one entry");
    }
    try {
      return json.toPlaylist(folder);
    } catch (IllegalArgumentException e) {
      throw new PlaylistException(source + ": " + e.getMessage(), e);
    }
  }

  record EntryJson(@Required @JsonProperty("preset") String preset,
      @Required @JsonProperty("seconds") double seconds,
      @JsonProperty("crossfade") @Nullable Double crossfade) {

    Playlist.Entry toEntry(Path folder) {
      return new Playlist.Entry(resolve(preset, "preset", folder), seconds, crossfade);
    }
  }

  record ListJson(@Required @JsonProperty("entries") List<EntryJson> entries,
      @JsonProperty("shuffle") @Nullable Boolean shuffle, @JsonProperty("loop") @Nullable Boolean loop) {}

  record WindowJson(@Required @JsonProperty("from") String from,
      @Required @JsonProperty("to") String to, @JsonProperty("list") @Nullable String list,
      @JsonProperty("days") @Nullable List<String> days) {}

  record FileJson(@JsonProperty("entries") @Nullable List<EntryJson> entries,
      @JsonProperty("shuffle") @Nullable Boolean shuffle, @JsonProperty("loop") @Nullable Boolean loop,
      @JsonProperty("lists") @Nullable Map<String, ListJson> lists,
      @JsonProperty("schedule") @Nullable List<WindowJson> schedule,
      @JsonProperty("outside") @Nullable String outside) {

    Playlist toPlaylist(Path folder) {
      Map<String, Playlist.Sequence> sequences = new LinkedHashMap<>();
      if (entries != null) {
        sequences.put(Playlist.MAIN, sequence(entriesField(Playlist.MAIN), entries, shuffle, loop, folder));
      } else if (shuffle != null || loop != null) {
        throw new IllegalArgumentException("shuffle and loop belong to entries, which are missing");
      }
      if (lists != null) {
        for (Map.Entry<String, ListJson> list : lists.entrySet()) {
          String name = list.getKey();
          if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}") || name.equals(Playlist.MAIN)
              || name.equals(Playlist.OUTSIDE)) {
            throw new FieldException("lists", "the name '" + name + "' must be 1-64 letters, digits, '.', '_'"
                + " or '-', and not '" + Playlist.MAIN + "' or '" + Playlist.OUTSIDE + "'");
          }
          ListJson value = list.getValue();
          sequences.put(name, sequence(entriesField(name), value.entries(), value.shuffle(), value.loop(), folder));
        }
      }
      List<Playlist.Window> windows = new ArrayList<>();
      if (schedule != null) {
        for (int i = 0; i < schedule.size(); i++) {
          WindowJson window = schedule.get(i);
          String where = "schedule[" + i + "]";
          try {
            windows.add(new Playlist.Window(start(window.from()), time(window.to(), "to"),
                window.list() == null ? Playlist.MAIN : window.list(),
                window.days() == null ? Playlist.Window.EVERY_DAY : days(window.days())));
          } catch (IllegalArgumentException e) {
            throw FieldException.at(where, e);
          }
        }
      }
      if (outside != null && windows.isEmpty()) {
        throw new FieldException("outside", "only means something with a schedule");
      }
      return new Playlist(sequences, windows, outside == null ? Playlist.BLACK : resolve(outside, "outside", folder));
    }

    private static Playlist.Sequence sequence(String where, List<EntryJson> entries, @Nullable Boolean shuffle,
        @Nullable Boolean loop, Path folder) {
      if (entries.isEmpty()) {
        throw new FieldException(where, "needs at least one entry");
      }
      List<Playlist.Entry> made = new ArrayList<>();
      for (int i = 0; i < entries.size(); i++) {
        EntryJson entry = entries.get(i);
        try {
          made.add(entry.toEntry(folder));
        } catch (IllegalArgumentException e) {
          throw FieldException.at(where + "[" + i + "]", e);
        }
      }
      return new Playlist.Sequence(made, shuffle != null && shuffle, loop == null || loop);
    }
  }

  /**
   * A window's start, as {@link #time} reads it but for 24:00: as a start it would be read as 00:00, the start of the
   * day it names rather than the end, a day earlier than its writer meant.
   */
  private static LocalTime start(String text) {
    if (isEndOfDay(text)) {
      throw new FieldException("from", text + " is the end of a day; a window starts at 00:00 … 23:59");
    }
    return time(text, "from");
  }

  /** HH:MM or HH:MM:SS; 24:00 (24:00:00) is the end of the day. */
  private static LocalTime time(String text, String field) {
    if (isEndOfDay(text)) {
      return LocalTime.MIDNIGHT;
    }
    try {
      if (text.matches("\\d{2}:\\d{2}(:\\d{2})?")) {
        return LocalTime.parse(text);
      }
    } catch (DateTimeParseException e) {
      // said below
    }
    throw new FieldException(field, "must be a time of day HH:MM (or HH:MM:SS), was '" + text + "'");
  }

  private static boolean isEndOfDay(String text) {
    return text.equals("24:00") || text.equals("24:00:00");
  }

  /** Days of the week by name ({@code mon} or {@code monday}, any case), or ranges of them ({@code mon-fri}). */
  private static Set<DayOfWeek> days(List<String> names) {
    if (names.isEmpty()) {
      throw new FieldException("days", "a window needs at least one day (leave days out for every day)");
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      String[] range = name.split("-", -1);
      if (range.length > 2) {
        throw new FieldException("days[" + i + "]", "'" + name + "' is not a day or a range of days such as mon-fri");
      }
      DayOfWeek first = day(range[0], name, i);
      DayOfWeek last = range.length == 2 ? day(range[1], name, i) : first;
      // A range may run over the weekend: fri-mon is Friday to Monday.
      for (DayOfWeek day = first; ; day = day.plus(1)) {
        days.add(day);
        if (day == last) {
          break;
        }
      }
    }
    return days;
  }

  private static DayOfWeek day(String text, String name, int index) {
    String wanted = text.strip().toLowerCase(Locale.ROOT);
    for (DayOfWeek day : DayOfWeek.values()) {
      String full = day.name().toLowerCase(Locale.ROOT);
      if (wanted.equals(full) || wanted.equals(full.substring(0, 3))) {
        return day;
      }
    }
    throw new FieldException("days[" + index + "]", "'" + name + "' is not a day of the week; use mon, tue, wed,"
        + " thu, fri, sat, sun (or monday … sunday), or a range such as mon-fri");
  }

  /**
   * A preset file relative to the playlist's folder; bundled names as they are.
   *
   * @throws FieldException at {@code field} for a bare name no bundled preset has (a typo: no file could fix it)
   */
  private static String resolve(String preset, String field, Path folder) {
    if (preset.isBlank()) {
      throw new FieldException(field, "must name a bundled preset or a file");
    }
    if (!Presets.isFileName(preset)) {
      if (!Presets.isBundled(preset)) {
        List<String> bundled = Presets.bundled();
        throw new FieldException(field, "no bundled preset is called '" + preset + "' (a file must be named with its"
            + " .json/.yaml ending)" + (bundled.isEmpty() ? "" : "; bundled: " + String.join(", ", bundled)));
      }
      return preset;
    }
    Path path = Path.of(preset);
    return path.isAbsolute() ? preset : folder.resolve(path).normalize().toString();
  }
}
