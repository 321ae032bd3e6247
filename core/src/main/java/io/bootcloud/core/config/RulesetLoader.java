package io.bootcloud.core.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.bootcloud.core.UserException;
import io.bootcloud.rules.Units;
import io.bootcloud.rules.WalletAddress;
import io.bootcloud.rules.config.ChainSettings;
import io.bootcloud.rules.config.DppSource;
import io.bootcloud.rules.config.EmptyPoolPolicy;
import io.bootcloud.rules.config.IngestLimits;
import io.bootcloud.rules.config.LateWorkPolicy;
import io.bootcloud.rules.config.Operations;
import io.bootcloud.rules.config.PoolShares;
import io.bootcloud.rules.config.ReviewThresholds;
import io.bootcloud.rules.config.Ruleset;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads a ruleset YAML file and validates every key once. Every error is one line that names
 * the file, the key and the offending value, e.g. {@code ruleset my.yaml: 'pools.a_percent' is
 * set to 120 but must be between 0 and 100}. Unknown keys are errors too, so a typo never
 * silently falls back to a default.
 */
public final class RulesetLoader {

  /** Classpath location of the ruleset that ships with the engine. */
  /** The shipped history's folder on the classpath; {@code index.txt} in it lists the versions, oldest first. */
  public static final String SHIPPED_FOLDER = "/io/bootcloud/core/rulesets/";
  /** The launch version of the shipped history. */
  public static final String DEFAULT_RESOURCE = SHIPPED_FOLDER + "2026.1.yaml";

  /** A ruleset file larger than this is refused before it is parsed (the shipped one is ~3 KB). */
  public static final int MAX_BYTES = 64 * 1024;

  /** The largest amount a {@code DECIMAL(38,0)} money column holds, in base units. */
  private static final BigInteger MAX_UNITS = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
  /** Decimals are read exactly (BigDecimal), never through a double; a key set twice is an error. */
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
      .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private RulesetLoader() {}

  /** The operational settings shipped in the jar: a local anvil chain (31337) and the default review thresholds. */
  public static final String DEFAULT_OPERATIONS = "/io/bootcloud/core/operations.yaml";
  /** Environment variable naming the operations file when no {@code --operations} is given. */
  public static final String OPERATIONS_ENV = "BOOTCLOUD_OPERATIONS";

  /**
   * The operational settings in {@code file}; when it is null, the file {@value #OPERATIONS_ENV}
   * names, else the shipped defaults ({@value #DEFAULT_OPERATIONS}).
   */
  public static Operations loadOperations(Path file) {
    Path chosen = file;
    if (chosen == null && System.getenv(OPERATIONS_ENV) != null && !System.getenv(OPERATIONS_ENV).isBlank()) {
      chosen = Path.of(System.getenv(OPERATIONS_ENV));
    }
    if (chosen == null) {
      return parseOperations(resource(DEFAULT_OPERATIONS), "default");
    }
    return parseOperations(read(chosen, "operations"), chosen.toString());
  }

  /** Parses operations YAML text; {@code source} names it in error messages. */
  public static Operations parseOperations(String yamlText, String source) {
    return new Reader("operations", source, tree(yamlText, "operations " + source)).readOperations();
  }

  /** The ruleset shipped in the jar ({@value #DEFAULT_RESOURCE}). */
  public static Ruleset loadDefault() {
    return parse(resource(DEFAULT_RESOURCE), "default");
  }

  /**
   * The ruleset versions a day job chooses from: the shipped history when {@code config} is null,
   * every {@code *.yaml} of {@code config} when it is a folder, else the one file, forced on every day.
   */
  public static RulesetHistory history(Path config) {
    if (config == null) {
      return shippedHistory();
    }
    if (Files.isDirectory(config)) {
      Map<String, String> texts = new TreeMap<>();
      try (java.util.stream.Stream<Path> files = Files.list(config)) {
        for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
          texts.put(f.getFileName().toString(), read(f, "ruleset"));
        }
      } catch (IOException e) {
        throw new UserException("rulesets folder " + config + " cannot be read: " + e.getMessage(),
            UserException.EXIT_USAGE);
      }
      return RulesetHistory.of(versions(texts, config.toString()), config.toString());
    }
    return RulesetHistory.forced(load(config), config.toString());
  }

  /** The history shipped in the jar ({@value #SHIPPED_FOLDER}, listed in its {@code index.txt}). */
  public static RulesetHistory shippedHistory() {
    Map<String, String> texts = new java.util.LinkedHashMap<>();
    for (String line : resource(SHIPPED_FOLDER + "index.txt").lines().map(String::strip)
        .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList()) {
      texts.put(line, resource(SHIPPED_FOLDER + line));
    }
    return RulesetHistory.of(versions(texts, "shipped"), "the rulesets shipped in the jar");
  }

  private static String resource(String name) {
    try (InputStream in = RulesetLoader.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing classpath resource " + name);
      }
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + name, e);
    }
  }

  /**
   * The versions of a history from their files' texts (file name → YAML). A file may name another
   * version as its {@code base}: it then holds only what it changes; the base's keys, except its
   * {@code ruleset_version} and {@code effective_from}, fill in the rest (nested sections key by key).
   */
  static List<Ruleset> versions(Map<String, String> texts, String source) {
    Map<String, ObjectNode> trees = new java.util.LinkedHashMap<>();
    for (Map.Entry<String, String> e : texts.entrySet()) {
      trees.put(e.getKey(), tree(e.getValue(), source + "/" + e.getKey()));
    }
    Map<String, ObjectNode> byVersion = new java.util.HashMap<>();
    for (Map.Entry<String, ObjectNode> e : trees.entrySet()) {
      JsonNode v = e.getValue().get("ruleset_version");
      if (v != null && v.isValueNode()) {
        byVersion.putIfAbsent(v.asText(), e.getValue());
      }
    }
    List<Ruleset> out = new ArrayList<>();
    for (Map.Entry<String, ObjectNode> e : trees.entrySet()) {
      String name = source + "/" + e.getKey();
      out.add(new Reader("ruleset", name, resolve(e.getValue(), byVersion, name, new LinkedHashSet<>())).read());
    }
    return out;
  }

  private static ObjectNode resolve(ObjectNode tree, Map<String, ObjectNode> byVersion, String source,
      Set<String> seen) {
    JsonNode base = tree.get("base");
    if (base == null) {
      return tree;
    }
    String label = base.asText();
    ObjectNode parent = byVersion.get(label);
    if (!base.isValueNode() || parent == null) {
      throw new UserException("ruleset " + source + ": 'base' is set to " + base + " but no version of the folder is "
          + "named so; versions: " + new java.util.TreeSet<>(byVersion.keySet()), UserException.EXIT_USAGE);
    }
    if (!seen.add(label)) {
      throw new UserException("ruleset " + source + ": 'base' versions form a cycle through " + seen,
          UserException.EXIT_USAGE);
    }
    ObjectNode merged = resolve(parent, byVersion, source, seen).deepCopy();
    merged.remove(List.of("ruleset_version", "effective_from", "base"));
    overlay(merged, tree);
    merged.remove("base");
    return merged;
  }

  private static void overlay(ObjectNode target, ObjectNode changes) {
    changes.fields().forEachRemaining(f -> {
      JsonNode existing = target.get(f.getKey());
      if (existing instanceof ObjectNode o && f.getValue() instanceof ObjectNode c) {
        overlay(o, c);
      } else {
        target.set(f.getKey(), f.getValue().deepCopy());
      }
    });
  }

  /**
   * The ruleset in {@code file}, or the default one when {@code file} is null; for a folder of
   * versions, the newest (commands without a day read their settings from it).
   */
  public static Ruleset load(Path file) {
    if (file == null) {
      return loadDefault();
    }
    if (Files.isDirectory(file)) {
      return history(file).newest();
    }
    return parse(read(file, "ruleset"), file.toString());
  }

  private static String read(Path file, String what) {
    String text;
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw new UserException(what + " file " + file + " is " + size + " bytes; a ruleset may hold at most "
            + MAX_BYTES + " bytes", UserException.EXIT_USAGE);
      }
      text = Files.readString(file);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new UserException(what + " file " + file + " is not UTF-8 text (is it a YAML file?)",
          UserException.EXIT_USAGE);
    } catch (NoSuchFileException e) {
      throw new UserException(what + " file " + file + " does not exist", UserException.EXIT_USAGE);
    } catch (IOException e) {
      throw new UserException(
          what + " file " + file + " cannot be read: " + e.getMessage(), UserException.EXIT_USAGE);
    }
    return text;
  }

  /** Parses ruleset YAML text; {@code source} names it in error messages. */
  public static Ruleset parse(String yamlText, String source) {
    ObjectNode root = tree(yamlText, source);
    if (root.has("base")) {
      throw new UserException("ruleset " + source + ": 'base' names another version of a folder of rulesets; give "
          + "the folder with --config, or write every key in this file", UserException.EXIT_USAGE);
    }
    return new Reader("ruleset", source, root).read();
  }

  /** {@code source} is "ruleset NAME" or "operations NAME" in messages; a bare name is a ruleset's. */
  private static ObjectNode tree(String yamlText, String source) {
    if (!source.startsWith("operations ")) {
      source = source;
    }
    if (yamlText.length() > MAX_BYTES || yamlText.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > MAX_BYTES) {
      throw new UserException(source + ": a ruleset may hold at most " + MAX_BYTES + " bytes",
          UserException.EXIT_USAGE);
    }
    JsonNode root;
    try {
      root = YAML.readTree(yamlText);
    } catch (JacksonException e) {
      java.util.regex.Matcher dup = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (dup.find()) {
        throw new UserException(source + ": '" + duplicatePath(e, dup.group(1))
            + "' is set twice; keep one", UserException.EXIT_USAGE);
      }
      String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr();
      throw new UserException(
          source + ": not valid YAML" + where + ": "
              + e.getOriginalMessage().lines().findFirst().orElse("").strip(),
          UserException.EXIT_USAGE);
    }
    if (root == null || !root.isObject()) {
      throw new UserException(
          source + ": expected a YAML mapping of keys, got "
              + (root == null ? "an empty file" : root.getNodeType().toString().toLowerCase(Locale.ROOT)),
          UserException.EXIT_USAGE);
    }
    return (ObjectNode) root;
  }

  /** The dotted key of a duplicated field: its parents' names, then its own. */
  private static String duplicatePath(JacksonException e, String field) {
    StringBuilder path = new StringBuilder(field);
    if (e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser p) {
      for (com.fasterxml.jackson.core.JsonStreamContext c = p.getParsingContext().getParent(); c != null;
          c = c.getParent()) {
        if (c.getCurrentName() != null) {
          path.insert(0, c.getCurrentName() + ".");
        }
      }
    }
    return path.toString();
  }

  /** Walks the tree, remembering which keys were used so that unknown ones can be reported. */
  private static final class Reader {
    /** "ruleset" or "operations": what the file is, in every message. */
    private final String what;
    private final String source;
    private final ObjectNode root;
    private final Set<String> used = new LinkedHashSet<>();

    Reader(String what, String source, ObjectNode root) {
      this.what = what;
      this.source = what + " " + source;
      this.root = root;
    }

    Operations readOperations() {
      ChainSettings chain = new ChainSettings(
          longBetween("chain.chain_id", 1, Long.MAX_VALUE),
          url("chain.rpc_url"),
          address("chain.token_address"),
          address("chain.distributor_address"),
          intBetween("chain.confirmations", 0, 1000),
          longBetween("chain.timelock_seconds", 0, 365L * 24 * 3600),
          intBetween("chain.treasury_threshold", 1, 100));
      ReviewThresholds review = new ReviewThresholds(
          intBetween("review.max_day_over_day_change_percent", 0, 100_000),
          intBetween("review.max_trailing_7_day_change_percent", 0, 100_000),
          intBetween("review.max_top_recipient_percent", 0, 100),
          intBetween("review.max_new_wallet_percent", 0, 100),
          intBetween("review.top_recipients", 1, 1000));
      rejectUnknown(root, "");
      return new Operations(chain, review);
    }

    Ruleset read() {
      for (String moved : List.of("chain", "review")) {
        if (root.has(moved)) {
          throw new UserException(("%s: '%s' is an operational setting, not a reward rule: it belongs in the "
              + "operations file (--operations FILE or $%s), where it changes without a new ruleset_version; "
              + "see docs/ruleset.md").formatted(source, moved, OPERATIONS_ENV), UserException.EXIT_USAGE);
        }
      }
      String version = string("ruleset_version");
      if (version.isBlank()) {
        throw bad("ruleset_version", "\"\"", "a non-empty version label");
      }
      LocalDate launch = date("launch_day");
      ZoneId zone = zone("time_zone");
      Duration grace = duration("grace_period");
      BigInteger cap = bctUnits("mining_cap_bct");
      BigInteger initial = bctUnits("emission.initial_daily_bct");
      int decayNum = intBetween("emission.decay_numerator", 1, 1_000_000);
      int decayDen = intBetween("emission.decay_denominator", 1, 1_000_000);
      if (decayNum > decayDen) {
        throw bad("emission.decay_numerator", Integer.toString(decayNum),
            "<= emission.decay_denominator (" + decayDen + "), emission must not grow");
      }
      int daysPerYear = intBetween("emission.days_per_year", 1, 366);
      int a = intBetween("pools.a_percent", 0, 100);
      int bc = intBetween("pools.bc_percent", 0, 100);
      int d = intBetween("pools.d_percent", 0, 100);
      if (a + bc + d != 100) {
        throw new UserException(
            "%s: 'pools.a_percent' + 'pools.bc_percent' + 'pools.d_percent' is %d+%d+%d=%d but must be 100"
                .formatted(source, a, bc, d, a + bc + d),
            UserException.EXIT_USAGE);
      }
      EmptyPoolPolicy policy = choice("empty_pool_policy", EmptyPoolPolicy.class);
      DppSource dppSource = choice("dpp_source", DppSource.class);
      BigDecimal suspect = decimal("suspect_ratio");
      if (suspect.compareTo(BigDecimal.ONE) <= 0) {
        throw bad("suspect_ratio", suspect.toPlainString(), "> 1 (reported/verified DPP ratio)");
      }
      IngestLimits limits = new IngestLimits(
          optionalLong("limits.max_file_bytes", IngestLimits.MAX_FILE_BYTES_DEFAULT, 1024, 1L << 31),
          (int) optionalLong("limits.max_line_bytes", IngestLimits.MAX_LINE_BYTES_DEFAULT, 256, 16L << 20),
          (int) optionalLong("limits.max_id_chars", IngestLimits.MAX_ID_CHARS_DEFAULT, 8, 4096),
          optionalLong("limits.max_difficulty", IngestLimits.MAX_DIFFICULTY_DEFAULT, 1, 1L << 40));
      LateWorkPolicy lateWork = root.hasNonNull("late_work") ? choice("late_work", LateWorkPolicy.class)
          : LateWorkPolicy.KEEP;
      used.add("late_work");
      LocalDate effectiveFrom = root.hasNonNull("effective_from") ? date("effective_from") : launch;
      used.add("effective_from");
      if (effectiveFrom.isBefore(launch)) {
        throw bad("effective_from", "\"" + effectiveFrom + "\"", "on or after launch_day " + launch);
      }
      rejectUnknown(root, "");
      return new Ruleset(version, launch, zone, grace, cap, initial, decayNum, decayDen,
          daysPerYear, new PoolShares(a, bc, d), policy, dppSource, suspect, limits, effectiveFrom,
          lateWork);
    }

    private JsonNode node(String key, boolean required) {
      used.add(key);
      JsonNode current = root;
      for (String part : key.split("\\.")) {
        current = current == null || !current.isObject() ? null : current.get(part);
      }
      if ((current == null || current.isNull()) && required) {
        throw new UserException(
            "%s: '%s' is missing; add it (see %s for every key)"
                .formatted(source, key, "docs/ruleset.md"),
            UserException.EXIT_USAGE);
      }
      return current == null || current.isNull() ? null : current;
    }

    private UserException bad(String key, String value, String expectation) {
      return new UserException(
          "%s: '%s' is set to %s but must be %s".formatted(source, key, value, expectation),
          UserException.EXIT_USAGE);
    }

    private static String show(JsonNode n) {
      return n.isTextual() ? "\"" + n.asText() + "\"" : n.toString();
    }

    private String string(String key) {
      JsonNode n = node(key, true);
      if (!n.isValueNode()) {
        throw bad(key, show(n), "a single value");
      }
      return n.asText();
    }

    private LocalDate date(String key) {
      String s = string(key);
      try {
        return LocalDate.parse(s);
      } catch (DateTimeParseException e) {
        throw bad(key, "\"" + s + "\"", "a date YYYY-MM-DD");
      }
    }

    private ZoneId zone(String key) {
      String s = string(key);
      try {
        return ZoneId.of(s);
      } catch (DateTimeException e) {
        throw bad(key, "\"" + s + "\"", "a time zone id such as UTC or Asia/Shanghai");
      }
    }

    private Duration duration(String key) {
      String s = string(key);
      try {
        Duration d = Duration.parse(s);
        if (d.isNegative() || d.compareTo(Duration.ofDays(7)) > 0) {
          throw bad(key, "\"" + s + "\"", "between PT0S and P7D");
        }
        return d;
      } catch (DateTimeParseException e) {
        throw bad(key, "\"" + s + "\"", "an ISO-8601 duration such as PT2H");
      }
    }

    private BigDecimal decimal(String key) {
      JsonNode n = node(key, true);
      try {
        if (n.isNumber()) {
          return n.decimalValue();
        }
        if (n.isTextual()) {
          return new BigDecimal(n.asText().replace("_", ""));
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw bad(key, show(n), "a number");
    }

    private BigInteger bctUnits(String key) {
      BigDecimal bct = decimal(key);
      // Compared before any exact conversion, so 1e400 or 1e999999999 costs nothing.
      if (bct.compareTo(Units.toBct(MAX_UNITS)) > 0) {
        throw bad(key, bct.toString(), "at most 99999999999999999999 BCT (base units fit a DECIMAL(38,0))");
      }
      BigDecimal units = bct.movePointRight(Units.DECIMALS);
      if (units.signum() <= 0 || units.stripTrailingZeros().scale() > 0) {
        throw bad(key, bct.toPlainString(), "a positive amount of BCT with at most 18 decimals");
      }
      return units.toBigIntegerExact();
    }

    private long longBetween(String key, long min, long max) {
      JsonNode n = node(key, true);
      if (!n.isIntegralNumber() || !n.canConvertToLong() || n.asLong() < min || n.asLong() > max) {
        throw bad(key, show(n), "an integer between %d and %d".formatted(min, max));
      }
      return n.asLong();
    }

    /** An optional integer key: {@code fallback} when absent. */
    private long optionalLong(String key, long fallback, long min, long max) {
      return node(key, false) == null ? fallback : longBetween(key, min, max);
    }

    private int intBetween(String key, int min, int max) {
      return (int) longBetween(key, min, max);
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type) {
      String s = string(key);
      for (E e : type.getEnumConstants()) {
        if (e.name().equalsIgnoreCase(s)) {
          return e;
        }
      }
      StringBuilder options = new StringBuilder();
      for (E e : type.getEnumConstants()) {
        options.append(options.length() == 0 ? "" : " | ").append(e.name().toLowerCase(Locale.ROOT));
      }
      throw bad(key, "\"" + s + "\"", "one of " + options);
    }

    private String url(String key) {
      String s = string(key);
      try {
        URI uri = new URI(s);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!Set.of("http", "https", "ws", "wss").contains(scheme) || uri.getHost() == null) {
          throw bad(key, "\"" + s + "\"", "an http(s) or ws(s) URL");
        }
        return s;
      } catch (URISyntaxException e) {
        throw bad(key, "\"" + s + "\"", "an http(s) or ws(s) URL");
      }
    }

    private Optional<String> address(String key) {
      JsonNode n = node(key, false);
      if (n == null || (n.isTextual() && n.asText().isEmpty())) {
        return Optional.empty();
      }
      if (!n.isTextual() || !WalletAddress.isAddress(n.asText())) {
        throw bad(key, show(n), "empty or a 0x-prefixed 20-byte hex address");
      }
      return Optional.of(n.asText());
    }

    private void rejectUnknown(JsonNode node, String prefix) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        String key = prefix + name;
        JsonNode child = node.get(name);
        if (used.contains(key)) {
          continue;
        }
        boolean isSection = child.isObject() && used.stream().anyMatch(u -> u.startsWith(key + "."));
        if (isSection) {
          rejectUnknown(child, key + ".");
        } else {
          throw new UserException(
              "%s: unknown key '%s'; see docs/ruleset.md for the keys %s may hold"
                  .formatted(source, key, what.equals("ruleset") ? "a ruleset" : "an operations file"),
              UserException.EXIT_USAGE);
        }
      }
    }
  }
}
