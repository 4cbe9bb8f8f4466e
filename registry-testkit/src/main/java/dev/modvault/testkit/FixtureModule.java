package dev.modvault.testkit;

import dev.modvault.core.checksum.DirHash;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * One version of a Go module as a proxy serves it: the {@code .info}, {@code .mod} and {@code .zip} of
 * {@code <path>@<version>}, built the way golang.org/x/mod/zip builds module zips (entries
 * {@code <path>@<version>/<file>} only, no directory entries, deflated, in a stable order by name).
 *
 * <p>The module path is the unescaped one (it may hold uppercase letters); {@link #escapedPath()} is the form used in
 * proxy URLs. A module without a go.mod (a {@code +incompatible} version) has the synthesized {@code .mod}
 * {@code module <path>\n}, as the go command and proxies synthesize it.
 *
 * <p>Instances are immutable; the zip and hashes are computed once, lazily.
 */
public final class FixtureModule {

    /** Zip entry time: x/mod/zip leaves it zero; any fixed value keeps the bytes reproducible (hashes ignore it). */
    private static final LocalDateTime ZIP_ENTRY_TIME = LocalDateTime.of(1980, 1, 1, 0, 0);

    private static final DateTimeFormatter PSEUDO_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss")
            .withZone(ZoneOffset.UTC);

    private final String path;
    private final String version;
    private final Instant time;
    private final byte[] goMod; // null: no go.mod in the module
    private final Map<String, byte[]> files; // sorted by name, go.mod excluded

    private volatile byte[] zip;
    private volatile String zipHash;

    private FixtureModule(Builder b) {
        this.path = b.path;
        this.version = b.version;
        this.time = b.time != null ? b.time.truncatedTo(ChronoUnit.SECONDS) : defaultTime(b.version);
        this.goMod = b.goMod;
        Map<String, byte[]> sorted = new TreeMap<>();
        b.files.forEach((k, v) -> sorted.put(k, v.clone()));
        this.files = Collections.unmodifiableMap(sorted);
    }

    /**
     * Starts a module fixture. Its go.mod is {@code module <path>\n\ngo 1.19\n} until changed, or none for a
     * {@code +incompatible} version.
     */
    public static Builder builder(String path, String version) {
        return new Builder(path, version);
    }

    /** The module path, unescaped (as in go.mod and go.sum). */
    public String path() {
        return path;
    }

    public String version() {
        return version;
    }

    /** The commit time the {@code .info} reports. */
    public Instant time() {
        return time;
    }

    /** The module path in proxy URLs (uppercase letters as '!' + lowercase). */
    public String escapedPath() {
        return GoPaths.escape(path);
    }

    /** The version in proxy URLs (uppercase letters as '!' + lowercase). */
    public String escapedVersion() {
        return GoPaths.escape(version);
    }

    public boolean hasGoMod() {
        return goMod != null;
    }

    public boolean isPseudoVersion() {
        return GoPaths.isPseudo(version);
    }

    public boolean isPrerelease() {
        return GoPaths.isPrerelease(version);
    }

    public boolean isIncompatible() {
        return GoPaths.isIncompatible(version);
    }

    /** The module's own go.mod, absent for a module that has none (then {@link #modBytes()} is synthesized). */
    public Optional<String> goModFile() {
        return goMod == null ? Optional.empty() : Optional.of(new String(goMod, StandardCharsets.UTF_8));
    }

    /** The source files other than go.mod, by name relative to the module root, sorted. */
    public Map<String, String> files() {
        Map<String, String> out = new LinkedHashMap<>();
        files.forEach((k, v) -> out.put(k, new String(v, StandardCharsets.UTF_8)));
        return Collections.unmodifiableMap(out);
    }

    /** The {@code .mod} a proxy serves: the go.mod, or {@code module <path>\n} when the module has none. */
    public byte[] modBytes() {
        return goMod != null ? goMod.clone() : ("module " + path + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The {@code .info} JSON, e.g. {@code {"Version":"v1.0.0","Time":"2024-01-02T03:04:05Z"}}. */
    public byte[] infoJson() {
        return ("{\"Version\":\"" + version + "\",\"Time\":\"" + DateTimeFormatter.ISO_INSTANT.format(time) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** The module zip, as x/mod/zip would create it. */
    public byte[] zipBytes() {
        byte[] z = zip;
        if (z == null) {
            z = buildZip();
            zip = z;
        }
        return z.clone();
    }

    /** The names of the zip's entries, in zip order. */
    public List<String> zipEntryNames() {
        String prefix = path + "@" + version + "/";
        Map<String, byte[]> all = allFiles();
        return all.keySet().stream().map(n -> prefix + n).toList();
    }

    /** Writes the module zip to {@code target} (replacing it) and returns {@code target}. */
    public Path writeZip(Path target) throws IOException {
        Files.write(target, zipBytes());
        return target;
    }

    /** The go.sum hash of the zip, computed by {@link DirHash#hashZip} over the bytes {@link #zipBytes()} returns. */
    public String zipHash() {
        String h = zipHash;
        if (h == null) {
            try {
                Path tmp = Files.createTempFile("modvault-fixture-", ".zip");
                try {
                    h = DirHash.hashZip(writeZip(tmp));
                } finally {
                    Files.deleteIfExists(tmp);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("hashing fixture zip of " + this, e);
            }
            zipHash = h;
        }
        return h;
    }

    /** The go.sum hash of the {@code .mod}. */
    public String modHash() {
        return DirHash.hashGoMod(modBytes());
    }

    /** {@code <path> <version> h1:...} */
    public String zipSumLine() {
        return path + " " + version + " " + zipHash();
    }

    /** {@code <path> <version>/go.mod h1:...} */
    public String modSumLine() {
        return path + " " + version + "/go.mod " + modHash();
    }

    /** The two go.sum lines of this module version: the zip's, then the go.mod's. */
    public List<String> goSumLines() {
        return List.of(zipSumLine(), modSumLine());
    }

    /** {@code /<escaped path>/@v/<escaped version>.<ext>}, the proxy path of the info, mod or zip. */
    public String proxyPath(String ext) {
        return "/" + escapedPath() + "/@v/" + escapedVersion() + "." + ext;
    }

    /** {@code path@version}. */
    @Override
    public String toString() {
        return path + "@" + version;
    }

    private Map<String, byte[]> allFiles() {
        Map<String, byte[]> all = new TreeMap<>(files);
        if (goMod != null) {
            all.put("go.mod", goMod);
        }
        return all;
    }

    private byte[] buildZip() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        String prefix = path + "@" + version + "/";
        try (ZipOutputStream out = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            for (Map.Entry<String, byte[]> f : allFiles().entrySet()) {
                ZipEntry e = new ZipEntry(prefix + f.getKey());
                e.setMethod(ZipEntry.DEFLATED);
                e.setTimeLocal(ZIP_ENTRY_TIME);
                out.putNextEntry(e);
                out.write(f.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static Instant defaultTime(String version) {
        if (GoPaths.isPseudo(version)) {
            // vX.Y.Z-[pre.]yyyymmddhhmmss-rev: the .info time must be the pseudo-version's time
            String[] parts = version.split("-");
            String stamp = parts[parts.length - 2];
            stamp = stamp.substring(stamp.length() - 14);
            return PSEUDO_TIME.parse(stamp, Instant::from);
        }
        return Instant.parse("2024-01-02T03:04:05Z");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FixtureModule m && path.equals(m.path) && version.equals(m.version)
                && Arrays.equals(zipBytes(), m.zipBytes()) && Arrays.equals(modBytes(), m.modBytes())
                && time.equals(m.time);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, version);
    }

    /** Builds a {@link FixtureModule}. */
    public static final class Builder {
        private final String path;
        private final String version;
        private Instant time;
        private byte[] goMod;
        private final Map<String, byte[]> files = new TreeMap<>();

        private Builder(String path, String version) {
            this.path = requireText(path, "module path");
            this.version = requireText(version, "version");
            if (path.contains("@") || path.startsWith("/") || path.endsWith("/") || path.contains(" ")) {
                throw new IllegalArgumentException("not a module path: " + path);
            }
            if (!GoPaths.isSemver(version)) {
                throw new IllegalArgumentException("not a canonical semantic version: " + version);
            }
            this.goMod = GoPaths.isIncompatible(version)
                    ? null
                    : ("module " + path + "\n\ngo 1.19\n").getBytes(StandardCharsets.UTF_8);
        }

        /** The commit time (whole seconds are kept). Default: the pseudo-version's time, else 2024-01-02T03:04:05Z. */
        public Builder time(Instant time) {
            this.time = Objects.requireNonNull(time, "time");
            return this;
        }

        /** The commit time as an ISO-8601 instant, e.g. {@code 2024-01-02T03:04:05Z}. */
        public Builder time(String isoInstant) {
            return time(Instant.parse(isoInstant));
        }

        /** The module's go.mod content. */
        public Builder goMod(String content) {
            this.goMod = Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8);
            return this;
        }

        /** The module has no go.mod (a {@code +incompatible} version of a pre-modules repository). */
        public Builder noGoMod() {
            this.goMod = null;
            return this;
        }

        /** Adds a file, by slash-separated name relative to the module root. Use {@link #goMod} for go.mod. */
        public Builder file(String name, String content) {
            return file(name, Objects.requireNonNull(content, "content").getBytes(StandardCharsets.UTF_8));
        }

        public Builder file(String name, byte[] content) {
            requireText(name, "file name");
            if (name.equals("go.mod")) {
                throw new IllegalArgumentException("set go.mod with goMod(...) or noGoMod()");
            }
            if (name.startsWith("/") || name.endsWith("/") || name.contains("\\") || name.contains("\n")
                    || Arrays.asList(name.split("/")).stream().anyMatch(s -> s.isEmpty() || s.equals(".") || s.equals(".."))) {
                throw new IllegalArgumentException("bad file name in module zip: " + name);
            }
            if (files.putIfAbsent(name, Objects.requireNonNull(content, "content").clone()) != null) {
                throw new IllegalArgumentException("duplicate file " + name);
            }
            return this;
        }

        public FixtureModule build() {
            if (GoPaths.isIncompatible(version) && goMod != null) {
                throw new IllegalStateException(path + "@" + version + ": a +incompatible version has no go.mod");
            }
            return new FixtureModule(this);
        }

        private static String requireText(String s, String what) {
            if (s == null || s.isBlank()) {
                throw new IllegalArgumentException(what + " must not be blank");
            }
            return s;
        }
    }
}
