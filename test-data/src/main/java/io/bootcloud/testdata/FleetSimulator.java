package io.bootcloud.testdata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * A deterministic BootDisk fleet (same config and seed → same bytes) written as landing files
 * in DESIGN.md's contract, with its {@link GroundTruth}. Contributors own a heavy-tailed number
 * of devices (CPU, GPU, BootDisk ASIC with log-normal rates) that compute mostly at night
 * (§3.1), submit shares of a per-device difficulty about once per share interval, and send a
 * heartbeat every heartbeat interval. Faults are injected at their configured rates and counted.
 */
public final class FleetSimulator {

  private static final String[] HARDWARE = {"cpu", "gpu", "asic"};
  private static final double[] MEDIAN_RATE = {50, 500, 5000};

  private final SimulationConfig c;
  private final SplittableRandom rnd;
  private final Map<String, Long> faults = new TreeMap<>();
  /** Lines per landing file, keyed by relative path, in a stable order. */
  private final Map<String, List<String>> files = new TreeMap<>();
  /** Accepted-event candidates: event id → (which files carry it, what it means). */
  private final Map<String, Record> records = new LinkedHashMap<>();
  /** Per device: binding timeline (from instant → contributor). */
  private final Map<String, TreeMap<Instant, String>> bindings = new HashMap<>();
  private long registryEvents;
  /** Line-level faults per file, counted only when their file is readable. */
  private final Map<String, Map<String, Long>> lineFaults = new HashMap<>();
  /** Events delivered into a later day's folder, by file. */
  private final Map<String, Long> lateByFile = new HashMap<>();

  private record Device(String id, int hardware, long rateCents, long reportedRateCents, long difficulty, int gateway,
      long skewSeconds) {}

  private record Record(String deviceId, Instant ts, long difficulty, long rateSeconds, List<String> files) {}

  private FleetSimulator(SimulationConfig config) {
    this.c = config;
    this.rnd = new SplittableRandom(config.seed());
  }

  /** Writes the fleet under {@code out} and returns (and writes as ground-truth.json) its truth. */
  public static GroundTruth simulate(SimulationConfig config, Path out) {
    return new FleetSimulator(config).run(out);
  }

  private GroundTruth run(Path out) {
    LocalDate start = c.startDay();
    Instant t0 = start.atStartOfDay(ZoneOffset.UTC).toInstant();
    List<String> contributors = new ArrayList<>();
    List<Device> devices = new ArrayList<>();
    String registry0 = "registry/dt=" + start + "/web-1.ndjson";
    int deviceSeq = 0;
    for (int i = 1; i <= c.contributors(); i++) {
      String cid = String.format("c%06d", i);
      contributors.add(cid);
      line(registry0, "{\"type\":\"contributor\",\"event_id\":\"r-%s\",\"ts\":\"%s\",\"contributor_id\":\"%s\",\"wallet\":\"%s\"}"
          .formatted(cid, t0, cid, wallet()));
      registryEvents++;
      int owned = (int) Math.min(20, Math.floor(1 / Math.pow(1 - rnd.nextDouble(), 1 / 1.5)));
      for (int k = 0; k < owned; k++) {
        Device d = device(String.format("d%07d", ++deviceSeq));
        devices.add(d);
        line(registry0, bind("b-" + d.id(), t0, d.id(), cid));
        bindings.computeIfAbsent(d.id(), x -> new TreeMap<>()).put(t0, cid);
        if (rnd.nextDouble() < c.conflictRate() && contributors.size() > 1) {
          line(registry0, bind("bz-" + d.id(), t0, d.id(), contributors.get(0)));
          count("conflicting_bindings");
          registryEvents++;
        }
      }
    }
    for (Device d : devices) {
      if (rnd.nextDouble() < c.rebindRate()) {
        int day = rnd.nextInt(c.days());
        Instant at = t0.plusSeconds(day * 86_400L + 1 + rnd.nextInt(86_399));
        String to = contributors.get(rnd.nextInt(contributors.size()));
        if (!to.equals(bindings.get(d.id()).firstEntry().getValue())) {
          line("registry/dt=" + start.plusDays(day) + "/web-1.ndjson", bind("b2-" + d.id(), at, d.id(), to));
          bindings.get(d.id()).put(at, to);
          registryEvents++;
          count("rebinds");
        }
      }
    }
    int unknown = (int) Math.round(c.unknownDeviceRate() * devices.size());
    List<Device> all = new ArrayList<>(devices);
    for (int u = 0; u < unknown; u++) {
      all.add(device(String.format("u%07d", u + 1)));
    }
    for (int day = 0; day < c.days(); day++) {
      LocalDate date = start.plusDays(day);
      for (Device d : all) {
        simulateDay(d, date, day);
      }
    }
    registryEvents += devices.size();
    write(out);
    GroundTruth truth = truth();
    try {
      Files.writeString(out.resolve("ground-truth.json"), truth.toJson());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return truth;
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
    return new Device(id, hw, rateCents, reported, difficulty, 1 + rnd.nextInt(2), skew);
  }

  private void simulateDay(Device d, LocalDate date, int dayIndex) {
    Instant dayStart = date.atStartOfDay(ZoneOffset.UTC).toInstant();
    int slots = 3600 / c.heartbeatIntervalSeconds();
    int seq = 0;
    for (int hour = 0; hour < 24; hour++) {
      boolean night = hour < 8 || hour >= 22;
      boolean computing = rnd.nextDouble() < (night ? 0.85 : 0.35);
      Instant hourStart = dayStart.plusSeconds(hour * 3600L);
      String file = telemetryFile(date, hour, d.gateway());
      for (int s = 0; s < slots; s++) {
        Instant ts = hourStart.plusSeconds((long) s * c.heartbeatIntervalSeconds() + d.skewSeconds());
        String id = "h-" + d.id() + "-" + dayIndex + "-" + hour + "-" + s;
        String rate = BigInteger.valueOf(d.reportedRateCents()).toString();
        String rateText = rate.length() <= 2 ? "0." + "00".substring(rate.length()) + rate
            : rate.substring(0, rate.length() - 2) + "." + rate.substring(rate.length() - 2);
        String json = "{\"type\":\"heartbeat\",\"event_id\":\"%s\",\"device_id\":\"%s\",\"ts\":\"%s\",\"interval_s\":%d,\"state\":\"%s\",\"reported_rate\":%s,\"hardware\":\"%s\"}"
            .formatted(id, d.id(), ts, c.heartbeatIntervalSeconds(), computing ? "computing" : "idle", rateText, HARDWARE[d.hardware()]);
        emit(id, json, file, d.id(), ts, 0, computing ? d.reportedRateCents() * c.heartbeatIntervalSeconds() : 0, date, hour, d.gateway());
      }
      if (!computing) {
        continue;
      }
      double expected = d.rateCents() / 100.0 / d.difficulty();
      long n = (long) Math.floor(expected) + (rnd.nextDouble() < expected - Math.floor(expected) ? 1 : 0);
      for (long k = 0; k < n; k++) {
        Instant ts = hourStart.plusSeconds(rnd.nextInt(3600) + d.skewSeconds());
        String id = "s-" + d.id() + "-" + dayIndex + "-" + (seq++);
        if (rnd.nextDouble() < c.futureRate()) {
          line(file, share(id, d.id(), ts.plusSeconds(3 * 86_400L), d.difficulty()));
          lineFault(file, "future_timestamps");
          continue;
        }
        emit(id, share(id, d.id(), ts, d.difficulty()), file, d.id(), ts, d.difficulty(), 0, date, hour, d.gateway());
        injectLineFaults(file, d, ts, dayIndex, seq);
      }
    }
  }

  private void injectLineFaults(String file, Device d, Instant ts, int dayIndex, int seq) {
    if (rnd.nextDouble() < c.malformedRate()) {
      line(file, "{\"type\":\"share\",\"event_id\":\"broken-" + d.id() + "-" + dayIndex + "-" + seq);
      lineFault(file, "malformed_json");
    }
    if (rnd.nextDouble() < c.missingFieldRate()) {
      line(file, "{\"type\":\"share\",\"event_id\":\"nodiff-%s-%d-%d\",\"device_id\":\"%s\",\"ts\":\"%s\"}"
          .formatted(d.id(), dayIndex, seq, d.id(), ts));
      lineFault(file, "missing_field");
    }
    if (rnd.nextDouble() < c.badValueRate()) {
      String id = "bad-" + d.id() + "-" + dayIndex + "-" + seq;
      switch (rnd.nextInt(4)) {
        case 0 -> line(file, share(id, d.id(), ts, 0));
        case 1 -> line(file, share(id, d.id(), ts, -5));
        case 2 -> line(file, share(id, d.id(), ts, 0).replace("\"difficulty\":0", "\"difficulty\":1000000000000000000000000000000"));
        default -> line(file, ("{\"type\":\"heartbeat\",\"event_id\":\"%s\",\"device_id\":\"%s\",\"ts\":\"%s\","
            + "\"interval_s\":7200,\"state\":\"computing\",\"reported_rate\":1,\"hardware\":\"cpu\"}").formatted(id, d.id(), ts));
      }
      lineFault(file, "bad_value");
    }
    if (rnd.nextDouble() < c.badValueRate()) {
      line(file, ("{\"type\":\"heartbeat\",\"event_id\":\"nan-%s-%d-%d\",\"device_id\":\"%s\",\"ts\":\"%s\","
          + "\"interval_s\":300,\"state\":\"computing\",\"reported_rate\":\"NaN\",\"hardware\":\"cpu\"}")
          .formatted(d.id(), dayIndex, seq, d.id(), ts));
      lineFault(file, "bad_field_type");
    }
  }

  /** A valid event: written once, maybe duplicated or delivered late, and remembered for the truth. */
  private void emit(String id, String json, String file, String deviceId, Instant ts, long difficulty, long rateSeconds,
      LocalDate date, int hour, int gateway) {
    String target = file;
    if (rnd.nextDouble() < c.lateRate()) {
      target = telemetryFile(date.plusDays(2), hour, gateway);
      lateByFile.merge(target, 1L, Long::sum);
    }
    line(target, json);
    List<String> where = new ArrayList<>(List.of(target));
    if (rnd.nextDouble() < c.duplicateRate()) {
      String other = rnd.nextBoolean() ? target : telemetryFile(date, (hour + 1) % 24, gateway);
      line(other, json);
      where.add(other);
    }
    records.put(id, new Record(deviceId, ts, difficulty, rateSeconds, where));
  }

  private void write(Path out) {
    for (Map.Entry<String, List<String>> f : files.entrySet()) {
      String relative = f.getKey();
      byte[] bytes = (String.join("\n", f.getValue()) + "\n").getBytes(StandardCharsets.UTF_8);
      boolean telemetry = relative.startsWith("telemetry/");
      if (c.gzip() && telemetry) {
        relative = relative + ".gz";
        bytes = gzip(bytes);
        if (rnd.nextDouble() < c.corruptFileRate()) {
          byte[] cut = new byte[bytes.length / 2];
          System.arraycopy(bytes, 0, cut, 0, cut.length);
          bytes = cut;
          corrupt.add(f.getKey());
          count("corrupt_files");
        }
      }
      Path target = out.resolve(relative);
      Path temp = target.resolveSibling("_" + target.getFileName() + ".tmp");
      try {
        Files.createDirectories(target.getParent());
        Files.write(temp, bytes);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write " + target, e);
      }
    }
  }

  private final java.util.Set<String> corrupt = new java.util.HashSet<>();

  private GroundTruth truth() {
    Map<LocalDate, Map<String, Long>> verified = new TreeMap<>();
    Map<LocalDate, Map<String, Long>> rateSeconds = new TreeMap<>();
    long shares = 0;
    long heartbeats = 0;
    long lostToCorruption = 0;
    long unknownShares = 0;
    Map<LocalDate, Long> unboundByDay = new TreeMap<>();
    for (Map.Entry<String, Record> e : records.entrySet()) {
      Record r = e.getValue();
      if (r.files().stream().allMatch(corrupt::contains)) {
        lostToCorruption++;
        continue;
      }
      boolean share = e.getKey().startsWith("s-");
      if (share) {
        shares++;
      } else {
        heartbeats++;
      }
      TreeMap<Instant, String> timeline = bindings.get(r.deviceId());
      Map.Entry<Instant, String> bound = timeline == null ? null : timeline.floorEntry(r.ts());
      LocalDate day = r.ts().atZone(ZoneOffset.UTC).toLocalDate();
      if (bound == null) {
        if (share) {
          unknownShares++;
          unboundByDay.merge(day, 1L, Long::sum);
        }
        continue;
      }
      if (share) {
        verified.computeIfAbsent(day, k -> new TreeMap<>()).merge(bound.getValue(), r.difficulty(), Long::sum);
      } else if (r.rateSeconds() > 0) {
        rateSeconds.computeIfAbsent(day, k -> new TreeMap<>()).merge(bound.getValue(), r.rateSeconds(), Long::sum);
      }
    }
    Map<LocalDate, Map<String, Long>> reported = new TreeMap<>();
    rateSeconds.forEach((day, m) -> m.forEach((cid, cents) ->
        reported.computeIfAbsent(day, k -> new TreeMap<>()).put(cid, cents / 360_000L)));
    long duplicates = 0;
    for (Record r : records.values()) {
      long readable = r.files().stream().filter(f -> !corrupt.contains(f)).count();
      duplicates += Math.max(0, readable - 1);
    }
    faults.put("duplicates", duplicates);
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
    faults.put("events_lost_to_corrupt_files", lostToCorruption);
    faults.put("unbound_shares", unknownShares);
    return new GroundTruth(verified, reported, unboundByDay, faults, shares, heartbeats, registryEvents);
  }

  private String telemetryFile(LocalDate date, int hour, int gateway) {
    return "telemetry/dt=%s/hr=%02d/gw-%d-%06d.ndjson".formatted(date, hour, gateway, 1);
  }

  private void line(String file, String json) {
    files.computeIfAbsent(file, k -> new ArrayList<>()).add(json);
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

  private static String bind(String eventId, Instant ts, String deviceId, String contributorId) {
    return "{\"type\":\"bind\",\"event_id\":\"%s\",\"ts\":\"%s\",\"device_id\":\"%s\",\"contributor_id\":\"%s\"}"
        .formatted(eventId, ts, deviceId, contributorId);
  }

  private static String share(String id, String deviceId, Instant ts, long difficulty) {
    return "{\"type\":\"share\",\"event_id\":\"%s\",\"device_id\":\"%s\",\"ts\":\"%s\",\"difficulty\":%d,\"job_id\":\"j1\",\"nonce\":\"%s\"}"
        .formatted(id, deviceId, ts, difficulty, Long.toHexString(ts.getEpochSecond()));
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
