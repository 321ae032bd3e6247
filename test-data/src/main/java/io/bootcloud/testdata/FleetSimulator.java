package io.bootcloud.testdata;

import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic BootDisk fleet (same config and seed → same bytes) written as landing files
 * in DESIGN.md's contract, with its {@link GroundTruth}. Contributors own a heavy-tailed number
 * of devices (CPU, GPU, BootDisk ASIC with log-normal rates). A BootDisk runs only while its PC
 * is not used by its owner, so mostly at night (§3.1): in an hour it is either off (no
 * telemetry) or booted, sending a heartbeat every heartbeat interval and, while computing,
 * shares of a per-device difficulty about once per share interval. Faults are injected at their
 * configured rates and counted.
 *
 * <p>Events are generated hour by hour, each device drawing from its own random stream. Without
 * the faults that move an event to another file (duplicates, late deliveries, corrupt files)
 * each hour's files are streamed straight to disk, so a day of 100,000 contributors and tens of
 * millions of events needs little memory; with them the files are assembled in memory first.
 */
public final class FleetSimulator {

  private static final String[] HARDWARE = {"cpu", "gpu", "asic"};
  private static final double[] MEDIAN_RATE = {50, 500, 5000};
  /** About one gateway (landing-file producer) per this many devices. */
  private static final int DEVICES_PER_GATEWAY = 10_000;

  private final SimulationConfig c;
  private final SplittableRandom rnd;
  private final boolean streaming;
  private final PrintStream progress;
  private final Map<String, Long> faults = new TreeMap<>();
  /** Buffered mode: lines per landing file, keyed by relative path, in a stable order. */
  private final Map<String, List<String>> files = new TreeMap<>();
  /** Streaming mode: the open files of the current hour. */
  private final Map<String, Writer> open = new TreeMap<>();
  private Path out;
  /** Buffered mode: accepted-event candidates, accounted once the corrupt files are known. */
  private final List<Record> records = new ArrayList<>();
  /** Per device: binding timeline (from instant → contributor). */
  private final Map<String, TreeMap<Instant, String>> bindings = new HashMap<>();
  private long registryEvents;
  /** Line-level faults per file, counted only when their file is readable. */
  private final Map<String, Map<String, Long>> lineFaults = new HashMap<>();
  /** Events delivered into a later day's folder, by file. */
  private final Map<String, Long> lateByFile = new HashMap<>();
  private final Set<String> corrupt = new HashSet<>();
  private final Truth truth = new Truth();
  private int gateways;

  private record Device(String id, int hardware, long rateCents, long reportedRateCents, long difficulty, int gateway,
      long skewSeconds, SplittableRandom rnd, String rateText) {}

  private record Record(String eventId, String deviceId, Instant ts, long difficulty, long rateSeconds, boolean share,
      List<String> files) {}

  private FleetSimulator(SimulationConfig config, PrintStream progress) {
    this.c = config;
    this.rnd = new SplittableRandom(config.seed());
    this.streaming = config.duplicateRate() == 0 && config.lateRate() == 0
        && (config.corruptFileRate() == 0 || !config.gzip());
    this.progress = progress;
  }

  /** Writes the fleet under {@code out} and returns (and writes as ground-truth.json) its truth. */
  public static GroundTruth simulate(SimulationConfig config, Path out) {
    return simulate(config, out, null);
  }

  /** As {@link #simulate(SimulationConfig, Path)}, printing one progress line per simulated hour. */
  public static GroundTruth simulate(SimulationConfig config, Path out, PrintStream progress) {
    return new FleetSimulator(config, progress).run(out);
  }

  private GroundTruth run(Path target) {
    this.out = target;
    LocalDate start = c.startDay();
    Instant t0 = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<String> contributors = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    String registry0 = "registry/dt=" + start + "/web-1.ndjson";
    List<String[]> owned = new ArrayList<>();
    for (int i = 1; i <= c.contributors(); i++) {
      String cid = String.format("c%06d", i);
      contributors.add(cid);
      registry(registry0, "{\"type\":\"contributor\",\"event_id\":\"r-%s\",\"ts\":\"%s\",\"contributor_id\":\"%s\",\"wallet\":\"%s\"}"
          .formatted(cid, t0, cid, wallet()));
      registryEvents++;
      int n = (int) Math.min(20, Math.floor(1 / Math.pow(1 - rnd.nextDouble(), 1 / 1.35)));
      for (int k = 0; k < n; k++) {
        owned.add(new String[] {cid});
      }
    }
    gateways = Math.max(2, (owned.size() + DEVICES_PER_GATEWAY - 1) / DEVICES_PER_GATEWAY);
    int deviceSeq = 0;
    for (String[] o : owned) {
      String cid = o[0];
      Device d = device(String.format("d%07d", ++deviceSeq));
      devices.add(d);
      registry(registry0, bind("b-" + d.id(), t0, d.id(), cid));
      bindings.computeIfAbsent(d.id(), x -> new TreeMap<>()).put(t0, cid);
      if (rnd.nextDouble() < c.conflictRate() && !cid.equals(contributors.get(0))) {
        registry(registry0, bind("bz-" + d.id(), t0, d.id(), contributors.get(0)));
        count("conflicting_bindings");
        registryEvents++;
      }
    }
    for (Device d : devices) {
      if (rnd.nextDouble() < c.rebindRate()) {
        int day = rnd.nextInt(c.days());
        Instant at = t0.plusSeconds(day * 86_400L + 1 + rnd.nextInt(86_399));
        String to = contributors.get(rnd.nextInt(contributors.size()));
        String owner = bindings.get(d.id()).firstEntry().getValue();
        if (!to.equals(owner)) {
          // The owner unbinds first (at the same instant); a bind without it would be a conflict.
          String file = "registry/dt=" + start.plusDays(day) + "/web-1.ndjson";
          registry(file, unbind("u2-" + d.id(), at, d.id(), owner));
          registry(file, bind("b2-" + d.id(), at, d.id(), to));
          bindings.get(d.id()).put(at, to);
          registryEvents += 2;
          count("rebinds");
        }
      }
    }
    int unknown = (int) Math.round(c.unknownDeviceRate() * devices.size());
    List<Device> all = new ArrayList<>(devices);
    for (int u = 0; u < unknown; u++) {
      all.add(device(String.format("u%07d", u + 1)));
    }
    registryEvents += devices.size();
    for (int day = 0; day < c.days(); day++) {
      LocalDate date = start.plusDays(day);
      for (int hour = 0; hour < 24; hour++) {
        for (Device d : all) {
          simulateHour(d, date, day, hour);
        }
        closeHour();
        if (progress != null) {
          progress.printf("simulate: %s hour %02d done, %,d shares and %,d heartbeats so far%n", date, hour,
              truth.shares, truth.heartbeats);
        }
      }
    }
    writeBuffered();
    GroundTruth result = truth();
    try {
      Files.writeString(out.resolve("ground-truth.json"), result.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return result;
  }

  private Device device(String id) {
    double h = rnd.nextDouble();
    int hw = h < 0.60 ? 0 : h < 0.95 ? 1 : 2;
    double rate = MEDIAN_RATE[hw] * Math.exp(0.5 * gaussian());
    long rateCents = Math.max(100, Math.round(rate * 100));
    long reported = rnd.nextDouble() < c.fraudRate() ? rateCents * 3 : rateCents;
    if (reported != rateCents) {
      count("fraud_devices");
    }
    long difficulty = Math.max(1, Math.round(rateCents / 100.0 * c.shareIntervalSeconds() / 3600.0));
    long skew = 0;
    if (rnd.nextDouble() < c.clockSkewRate()) {
      skew = (rnd.nextBoolean() ? 1 : -1) * (60L + rnd.nextInt(50 * 60 - 60));
      count("clock_skewed_devices");
    }
    String cents = Long.toString(reported);
    String rateText = cents.length() <= 2 ? "0." + "00".substring(cents.length()) + cents
        : cents.substring(0, cents.length() - 2) + "." + cents.substring(cents.length() - 2);
    return new Device(id, hw, rateCents, reported, difficulty, 1 + rnd.nextInt(gateways), skew, rnd.split(), rateText);
  }

  private void simulateHour(Device d, LocalDate date, int dayIndex, int hour) {
    SplittableRandom r = d.rnd();
    boolean night = hour < 8 || hour >= 22;
    if (r.nextDouble() >= (night ? 0.85 : 0.35)) {
      return; // the owner uses the PC: the BootDisk is not running this hour
    }
    boolean computing = r.nextDouble() < 0.9;
    Instant hourStart = date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(hour * 3600L);
    String file = telemetryFile(date, hour, d.gateway());
    int slots = 3600 / c.heartbeatIntervalSeconds();
    for (int s = 0; s < slots; s++) {
      Instant ts = hourStart.plusSeconds((long) s * c.heartbeatIntervalSeconds() + d.skewSeconds());
      String id = "h-" + d.id() + "-" + dayIndex + "-" + hour + "-" + s;
      String json = new StringBuilder(200).append("{\"type\":\"heartbeat\",\"event_id\":\"").append(id)
          .append("\",\"device_id\":\"").append(d.id()).append("\",\"ts\":\"").append(ts)
          .append("\",\"interval_s\":").append(c.heartbeatIntervalSeconds())
          .append(",\"state\":\"").append(computing ? "computing" : "idle")
          .append("\",\"reported_rate\":").append(d.rateText())
          .append(",\"hardware\":\"").append(HARDWARE[d.hardware()]).append("\"}").toString();
      emit(r, id, json, file, d.id(), ts, 0, computing ? d.reportedRateCents() * c.heartbeatIntervalSeconds() : 0,
          false, date, hour, d.gateway());
    }
    if (!computing) {
      return;
    }
    double expected = d.rateCents() / 100.0 / d.difficulty();
    long n = (long) Math.floor(expected) + (r.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
    for (long k = 0; k < n; k++) {
      Instant ts = hourStart.plusSeconds(r.nextInt(3600) + d.skewSeconds());
      String id = "s-" + d.id() + "-" + dayIndex + "-" + hour + "-" + k;
      if (r.nextDouble() < c.futureRate()) {
        line(file, share(id, d.id(), ts.plusSeconds(3 * 86_400L), d.difficulty()));
        lineFault(file, "future_timestamps");
        continue;
      }
      emit(r, id, share(id, d.id(), ts, d.difficulty()), file, d.id(), ts, d.difficulty(), 0, true, date, hour,
          d.gateway());
      injectLineFaults(r, file, d, ts, id);
    }
  }

  private void injectLineFaults(SplittableRandom r, String file, Device d, Instant ts, String id) {
    if (r.nextDouble() < c.malformedRate()) {
      line(file, "{\"type\":\"share\",\"event_id\":\"broken-" + id);
      lineFault(file, "malformed_json");
    }
    if (r.nextDouble() < c.missingFieldRate()) {
      line(file, "{\"type\":\"share\",\"event_id\":\"nodiff-%s\",\"device_id\":\"%s\",\"ts\":\"%s\"}"
          .formatted(id, d.id(), ts));
      lineFault(file, "missing_field");
    }
    if (r.nextDouble() < c.badValueRate()) {
      String bad = "bad-" + id;
      switch (r.nextInt(4)) {
        case 0 -> line(file, share(bad, d.id(), ts, 0));
        case 1 -> line(file, share(bad, d.id(), ts, -5));
        case 2 -> line(file, share(bad, d.id(), ts, 0).replace("\"difficulty\":0", "\"difficulty\":1000000000000000000000000000000"));
        default -> line(file, ("{\"type\":\"heartbeat\",\"event_id\":\"%s\",\"device_id\":\"%s\",\"ts\":\"%s\","
            + "\"interval_s\":7200,\"state\":\"computing\",\"reported_rate\":1,\"hardware\":\"cpu\"}").formatted(bad, d.id(), ts));
      }
      lineFault(file, "bad_value");
    }
    if (r.nextDouble() < c.badValueRate()) {
      line(file, ("{\"type\":\"heartbeat\",\"event_id\":\"nan-%s\",\"device_id\":\"%s\",\"ts\":\"%s\","
          + "\"interval_s\":300,\"state\":\"computing\",\"reported_rate\":\"NaN\",\"hardware\":\"cpu\"}")
          .formatted(id, d.id(), ts));
      lineFault(file, "bad_field_type");
    }
  }

  /** A valid event: written once, maybe duplicated or delivered late, and remembered for the truth. */
  private void emit(SplittableRandom r, String id, String json, String file, String deviceId, Instant ts,
      long difficulty, long rateSeconds, boolean share, LocalDate date, int hour, int gateway) {
    String target = file;
    if (c.lateRate() > 0 && r.nextDouble() < c.lateRate()) {
      target = telemetryFile(date.plusDays(2), hour, gateway);
      lateByFile.merge(target, 1L, Long::sum);
    }
    line(target, json);
    List<String> where = List.of(target);
    if (c.duplicateRate() > 0 && r.nextDouble() < c.duplicateRate()) {
      String other = r.nextBoolean() ? target : telemetryFile(date, (hour + 1) % 24, gateway);
      line(other, json);
      where = List.of(target, other);
    }
    Record rec = new Record(id, deviceId, ts, difficulty, rateSeconds, share, where);
    if (streaming) {
      account(rec);
    } else {
      records.add(rec);
    }
  }

  /** Running totals of the truth, fed one readable event at a time. */
  private static final class Truth {
    final Map<LocalDate, Map<String, Long>> verified = new TreeMap<>();
    final Map<LocalDate, Map<String, Long>> rateSeconds = new TreeMap<>();
    final Map<LocalDate, Long> unboundByDay = new TreeMap<>();
    long shares;
    long heartbeats;
    long unknownShares;
    long lostToCorruption;
    long duplicates;
  }

  private void account(Record r) {
    if (r.share()) {
      truth.shares++;
    } else {
      truth.heartbeats++;
    }
    TreeMap<Instant, String> timeline = bindings.get(r.deviceId());
    Map.Entry<Instant, String> bound = timeline == null ? null : timeline.floorEntry(r.ts());
    LocalDate day = r.ts().atZone(ZoneOffset.UTC).toLocalDate();
    if (bound == null) {
      if (r.share()) {
        truth.unknownShares++;
        truth.unboundByDay.merge(day, 1L, Long::sum);
      }
      return;
    }
    if (r.share()) {
      truth.verified.computeIfAbsent(day, k -> new TreeMap<>()).merge(bound.getValue(), r.difficulty(), Long::sum);
    } else if (r.rateSeconds() > 0) {
      truth.rateSeconds.computeIfAbsent(day, k -> new TreeMap<>()).merge(bound.getValue(), r.rateSeconds(), Long::sum);
    }
  }

  private GroundTruth truth() {
    for (Record r : records) {
      long readable = r.files().stream().filter(f -> !corrupt.contains(f)).count();
      if (readable == 0) {
        truth.lostToCorruption++;
        continue;
      }
      truth.duplicates += readable - 1;
      account(r);
    }
    Map<LocalDate, Map<String, Long>> reported = new TreeMap<>();
    truth.rateSeconds.forEach((day, m) -> m.forEach((cid, cents) ->
        reported.computeIfAbsent(day, k -> new TreeMap<>()).put(cid, cents / 360_000L)));
    faults.put("duplicates", truth.duplicates);
    lineFaults.forEach((file, m) -> {
      if (!corrupt.contains(file)) {
        m.forEach((k, v) -> faults.merge(k, v, Long::sum));
      }
    });
    lateByFile.forEach((file, n) -> {
      if (!corrupt.contains(file)) {
        faults.merge("late_deliveries", n, Long::sum);
      }
    });
    faults.put("events_lost_to_corrupt_files", truth.lostToCorruption);
    faults.put("unbound_shares", truth.unknownShares);
    return new GroundTruth(truth.verified, reported, truth.unboundByDay, faults, truth.shares, truth.heartbeats,
        registryEvents);
  }

  private String telemetryFile(LocalDate date, int hour, int gateway) {
    return "telemetry/dt=%s/hr=%02d/gw-%d-%06d.ndjson".formatted(date, hour, gateway, 1);
  }

  /** Registry files are small and always assembled in memory. */
  private void registry(String file, String json) {
    files.computeIfAbsent(file, k -> new ArrayList<>()).add(json);
  }

  private void line(String file, String json) {
    if (!streaming) {
      files.computeIfAbsent(file, k -> new ArrayList<>()).add(json);
      return;
    }
    try {
      Writer w = open.get(file);
      if (w == null) {
        w = openTemp(file);
        open.put(file, w);
      }
      w.write(json);
      w.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  private Writer openTemp(String relative) throws IOException {
    Path temp = temp(target(relative));
    Files.createDirectories(temp.getParent());
    OutputStream os = Files.newOutputStream(temp);
    if (c.gzip()) {
      os = new GZIPOutputStream(os, 1 << 16);
    }
    return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
  }

  private Path target(String relative) {
    boolean telemetry = relative.startsWith("telemetry/");
    return out.resolve(c.gzip() && telemetry ? relative + ".gz" : relative);
  }

  private static Path temp(Path target) {
    return target.resolveSibling("_" + target.getFileName() + ".tmp");
  }

  private void closeHour() {
    for (Map.Entry<String, Writer> f : open.entrySet()) {
      Path target = target(f.getKey());
      try {
        f.getValue().close();
        Files.move(temp(target), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target, e);
      }
    }
    open.clear();
  }

  private void writeBuffered() {
    for (Map.Entry<String, List<String>> f : files.entrySet()) {
      String relative = f.getKey();
      byte[] bytes = (String.join("\n", f.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
      boolean telemetry = relative.startsWith("telemetry/");
      if (c.gzip() && telemetry) {
        bytes = gzip(bytes);
        if (rnd.nextDouble() < c.corruptFileRate()) {
          byte[] cut = new byte[bytes.length / 2];
          System.arraycopy(bytes, 0, cut, 0, cut.length);
          bytes = cut;
          corrupt.add(relative);
          count("corrupt_files");
        }
      }
      Path target = target(relative);
      Path temp = temp(target);
      try {
        Files.createDirectories(target.getParent());
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target, e);
      }
    }
  }

  private void lineFault(String file, String fault) {
    lineFaults.computeIfAbsent(file, k -> new HashMap<>()).merge(fault, 1L, Long::sum);
  }

  private void count(String fault) {
    faults.merge(fault, 1L, Long::sum);
  }

  private String wallet() {
    StringBuilder sb = new StringBuilder("0x");
    for (int i = 0; i < 40; i++) {
      sb.append(Character.forDigit(rnd.nextInt(16), 16));
    }
    return sb.toString();
  }

  private static String unbind(String eventId, Instant ts, String deviceId, String contributorId) {
    return "{\"type\":\"unbind\",\"event_id\":\"%s\",\"ts\":\"%s\",\"device_id\":\"%s\",\"contributor_id\":\"%s\"}"
        .formatted(eventId, ts, deviceId, contributorId);
  }

  private static String bind(String eventId, Instant ts, String deviceId, String contributorId) {
    return "{\"type\":\"bind\",\"event_id\":\"%s\",\"ts\":\"%s\",\"device_id\":\"%s\",\"contributor_id\":\"%s\"}"
        .formatted(eventId, ts, deviceId, contributorId);
  }

  private static String share(String id, String deviceId, Instant ts, long difficulty) {
    return new StringBuilder(160).append("{\"type\":\"share\",\"event_id\":\"").append(id)
        .append("\",\"device_id\":\"").append(deviceId).append("\",\"ts\":\"").append(ts)
        .append("\",\"difficulty\":").append(difficulty).append(",\"job_id\":\"j1\",\"nonce\":\"")
        .append(Long.toHexString(ts.getEpochSecond())).append("\"}").toString();
  }

  private double gaussian() {
    double u1 = 1 - rnd.nextDouble();
    double u2 = rnd.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  private static byte[] gzip(byte[] bytes) {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
      gz.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buf.toByteArray();
  }
}
