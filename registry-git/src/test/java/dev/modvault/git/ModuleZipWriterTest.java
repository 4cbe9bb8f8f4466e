package dev.modvault.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.modvault.core.checksum.DirHash;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs golang.org/x/mod's own zip test data (copied to src/test/resources/xmod-zip, see its README): check_files,
 * check_dir, create and create_from_dir, comparing the file lists, error messages and h1: hashes with x/mod's, as
 * x/mod's zip_test.go does (TestCheckFiles, TestCheckDir, TestCreate, TestCreateFromDir), plus its size-limit and
 * special-directory cases.
 */
class ModuleZipWriterTest {

    @TempDir
    Path tmp;

    /** The key=value lines of a test's comment section (zip_test.go readTest). */
    record Params(String path, String version, String wantErr, String hash, Txtar archive) {
        static Params read(Path file) throws IOException {
            Txtar a = Txtar.read(file);
            String path = null;
            String version = null;
            String wantErr = null;
            String hash = null;
            for (String line : GoText.decode(a.comment()).split("\n")) {
                int hashMark = line.indexOf('#');
                if (hashMark >= 0) {
                    line = line.substring(0, hashMark);
                }
                line = line.strip();
                if (line.isEmpty()) {
                    continue;
                }
                int eq = line.indexOf('=');
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                switch (key) {
                    case "path" -> path = value;
                    case "version" -> version = value;
                    case "wantErr" -> wantErr = value;
                    case "hash" -> hash = value;
                    default -> throw new IllegalArgumentException(file + ": unknown key " + key);
                }
            }
            return new Params(path, version, wantErr, hash, a);
        }
    }

    static Stream<Path> testFiles(String dir) throws IOException, URISyntaxException {
        Path root = Path.of(ModuleZipWriterTest.class.getResource("/xmod-zip/" + dir).toURI());
        try (Stream<Path> s = Files.list(root)) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            assertThat(files).isNotEmpty();
            return files.stream();
        }
    }

    static List<ModuleFile> fakeFiles(Txtar archive) {
        return archive.files().stream().filter(f -> !f.name().equals("want"))
                .map(f -> ModuleFile.of(f.name(), f.data())).toList();
    }

    /** zip_test.go formatCheckedFiles. */
    static String format(CheckedFiles cf) {
        StringBuilder sb = new StringBuilder("valid:\n");
        cf.valid().forEach(v -> sb.append(v).append('\n'));
        sb.append("\nomitted:\n");
        cf.omitted().forEach(e -> sb.append(e).append('\n'));
        sb.append("\ninvalid:\n");
        cf.invalid().forEach(e -> sb.append(e).append('\n'));
        return sb.toString();
    }

    static String want(Txtar archive) {
        return archive.files().stream().filter(f -> f.name().equals("want"))
                .map(f -> new String(f.data(), StandardCharsets.UTF_8)).findFirst().orElseThrow();
    }

    @TestFactory
    Stream<DynamicTest> checkFiles() throws Exception {
        return testFiles("check_files").map(file -> DynamicTest.dynamicTest("check_files/" + file.getFileName(), () -> {
            Params t = Params.read(file);
            CheckedFiles cf = ModuleZipWriter.checkFiles(fakeFiles(t.archive()));
            assertThat(format(cf)).isEqualTo(want(t.archive()));
            String wantErr = cf.invalid().isEmpty() ? null
                    : cf.invalid().stream().map(Object::toString).collect(Collectors.joining("\n"));
            assertThat(cf.error()).isEqualTo(wantErr);
        }));
    }

    @TestFactory
    Stream<DynamicTest> checkDir() throws Exception {
        return testFiles("check_dir").map(file -> DynamicTest.dynamicTest("check_dir/" + file.getFileName(), () -> {
            Params t = Params.read(file);
            Path dir = Files.createTempDirectory(tmp, "check");
            extract(t.archive(), dir);
            CheckedFiles cf = ModuleZipWriter.checkDir(dir);
            assertThat(format(cf).replace(dir.toString(), "$work")).isEqualTo(want(t.archive()));
        }));
    }

    @TestFactory
    Stream<DynamicTest> create() throws Exception {
        return testFiles("create").map(file -> DynamicTest.dynamicTest("create/" + file.getFileName(), () -> {
            Params t = Params.read(file);
            Path zip = Files.createTempFile(tmp, "create", ".zip");
            runAndCheck(t, zip, out -> ModuleZipWriter.create(out, t.path(), t.version(), fakeFiles(t.archive())));
        }));
    }

    @TestFactory
    Stream<DynamicTest> createFromDir() throws Exception {
        return testFiles("create_from_dir").map(file -> DynamicTest.dynamicTest(
                "create_from_dir/" + file.getFileName(), () -> {
                    Params t = Params.read(file);
                    Path dir = Files.createTempDirectory(tmp, "dir");
                    extract(t.archive(), dir);
                    Path zip = Files.createTempFile(tmp, "create", ".zip");
                    runAndCheck(t, zip, out -> ModuleZipWriter.createFromDir(out, t.path(), t.version(), dir));
                }));
    }

    interface ZipAction {
        void run(OutputStream out) throws IOException;
    }

    private static void runAndCheck(Params t, Path zip, ZipAction action) throws IOException {
        if (t.wantErr() != null) {
            try (OutputStream out = Files.newOutputStream(zip)) {
                assertThatThrownBy(() -> action.run(out)).isInstanceOf(ModuleZipException.class)
                        .hasMessageContaining(t.wantErr());
            }
            return;
        }
        try (OutputStream out = Files.newOutputStream(zip)) {
            action.run(out);
        }
        assertThat(t.hash()).as("test data gives a hash").isNotNull();
        assertThat(DirHash.hashZip(zip)).isEqualTo(t.hash());
        assertNoDirectoryEntries(zip, t.path() + "@" + t.version() + "/");
    }

    static void assertNoDirectoryEntries(Path zip, String prefix) throws IOException {
        try (ZipFile z = new ZipFile(zip.toFile())) {
            for (Enumeration<? extends ZipEntry> e = z.entries(); e.hasMoreElements(); ) {
                ZipEntry entry = e.nextElement();
                assertThat(entry.getName()).startsWith(prefix).doesNotEndWith("/");
            }
        }
    }

    private static void extract(Txtar archive, Path dir) throws IOException {
        for (Txtar.File f : archive.files()) {
            if (f.name().equals("want")) {
                continue;
            }
            Path target = dir.resolve(f.name());
            Files.createDirectories(target.getParent());
            Files.write(target, f.data());
        }
    }

    // ---- zip_test.go TestCreateSizeLimits (sizes declared, never read) and TestCreateFromDirSpecial ----------

    /** A regular file declaring {@code size} bytes and holding {@code data}. */
    static ModuleFile sized(String name, long size, byte[] data) {
        return new ModuleFile() {
            @Override
            public String path() {
                return name;
            }

            @Override
            public Kind kind() {
                return Kind.REGULAR;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return new ByteArrayInputStream(data);
            }
        };
    }

    static ModuleFile sized(String name, long size) {
        return sized(name, size, new byte[0]);
    }

    @Test
    void sizeLimitsAsXmod() throws IOException {
        long max = ModuleZipWriter.MAX_ZIP_FILE;
        long mod = ModuleZipWriter.MAX_GO_MOD;
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("large.go", max))).error()).isNull();
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("large.go", max + 1))).error())
                .contains("module source tree too large");
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("small.go", 10), sized("large.go", max - 10))).error())
                .isNull();
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("small.go", 10), sized("large.go", max - 9))).error())
                .contains("module source tree too large");
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("go.mod", mod))).error()).isNull();
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("go.mod", mod + 1))).error())
                .contains("go.mod file too large");
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("LICENSE", ModuleZipWriter.MAX_LICENSE))).error())
                .isNull();
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("LICENSE", ModuleZipWriter.MAX_LICENSE + 1))).error())
                .contains("LICENSE file too large");
        assertThat(ModuleZipWriter.checkFiles(List.of(sized("neg.go", Long.MIN_VALUE))).error())
                .contains("module source tree too large");
        assertThatThrownBy(() -> ModuleZipWriter.create(OutputStream.nullOutputStream(), "example.com/large",
                "v1.0.0", List.of(sized("lie.go", 1, "package large".getBytes()))))
                .isInstanceOf(ModuleZipException.class).hasMessageContaining("larger than declared size");
    }

    @Test
    void createFromDirSpecialCases() throws IOException {
        String emptyHash = "h1:47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
        Path emptyDir = Files.createDirectories(tmp.resolve("a/empty")).getParent();
        assertThat(hashFromDir(emptyDir)).isEqualTo(emptyHash);

        Path linkDir = Files.createDirectories(tmp.resolve("b"));
        Files.createSymbolicLink(linkDir.resolve("link"), linkDir);
        assertThat(hashFromDir(linkDir)).isEqualTo(emptyHash);

        Path vendor = Files.createDirectories(tmp.resolve("c/vendor"));
        Files.writeString(vendor.resolve("go.mod"), "module example.com/m\n\ngo 1.13\n");
        assertThat(hashFromDir(vendor)).isEqualTo("h1:XduFAgX/GaspZa8Jv4pfzoGEzNaU/r88PiCunijw5ok=");
    }

    private Path newZipFile() throws IOException {
        return Files.createTempFile(tmp, "special", ".zip");
    }

    private String hashFromDir(Path dir) throws IOException {
        Path zip = newZipFile();
        try (OutputStream out = Files.newOutputStream(zip)) {
            ModuleZipWriter.createFromDir(out, "example.com/m", "v1.0.0", dir);
        }
        return DirHash.hashZip(zip);
    }

    @Test
    void theZipItselfIsLimited() {
        // Incompressible content larger than the limit (1 MiB here, 500 MiB in production), declared honestly: the
        // writer must stop at the limit.
        long limit = 1 << 20;
        long size = 2 * limit;
        ModuleFile big = new ModuleFile() {
            @Override
            public String path() {
                return "random.bin";
            }

            @Override
            public Kind kind() {
                return Kind.REGULAR;
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public InputStream open() {
                return new InputStream() {
                    final java.util.SplittableRandom random = new java.util.SplittableRandom(1);
                    long left = size;

                    @Override
                    public int read() {
                        return left-- > 0 ? random.nextInt(256) : -1;
                    }

                    @Override
                    public int read(byte[] b, int off, int len) {
                        if (left <= 0) {
                            return -1;
                        }
                        int n = (int) Math.min(len, left);
                        for (int i = 0; i < n; i++) {
                            b[off + i] = (byte) random.nextInt(256);
                        }
                        left -= n;
                        return n;
                    }
                };
            }
        };
        long[] written = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                written[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                written[0] += len;
            }
        };
        assertThatThrownBy(() -> ModuleZipWriter.create(counting, "example.com/big", "v1.0.0", List.of(big), limit))
                .isInstanceOf(ModuleZipException.class).hasMessageContaining("module zip file is too large");
        assertThat(written[0]).isLessThanOrEqualTo(limit).isGreaterThan(limit / 2);
    }

    @Test
    void filePathRules() {
        assertThat(FilePaths.checkFilePath("a/b.go")).isNull();
        assertThat(FilePaths.checkFilePath("ünïcödé/日本.go")).isNull();
        assertThat(FilePaths.checkFilePath("with space/x!#$%&()+,-.=@[]^_{}~.go")).isNull();
        assertThat(FilePaths.checkFilePath("-leading-dash.go")).isNull();
        assertThat(FilePaths.checkFilePath(".hidden")).isNull();
        assertThat(FilePaths.checkFilePath("a/../b")).isEqualTo("malformed file path \"a/../b\": invalid path element \"..\"");
        assertThat(FilePaths.checkFilePath("x:y")).isEqualTo("malformed file path \"x:y\": invalid char ':'");
        assertThat(FilePaths.checkFilePath("a/con.txt"))
                .isEqualTo("malformed file path \"a/con.txt\": \"con\" disallowed as path element component on Windows");
        assertThat(FilePaths.checkFilePath("trailing.")).endsWith("trailing dot in path element");
        assertThat(FilePaths.checkFilePath(GoText.decode(new byte[] {'a', (byte) 0xff})))
                .isEqualTo("malformed file path \"a\\xff\": invalid UTF-8");
        assertThat(FilePaths.isClean("a/b")).isTrue();
        assertThat(FilePaths.isClean("a//b")).isFalse();
        assertThat(FilePaths.isClean("./a")).isFalse();
        assertThat(FilePaths.isClean("a/")).isFalse();
        assertThat(FilePaths.clean("a/../../b")).isEqualTo("../b");
        assertThat(FilePaths.strToFold("K")).isEqualTo(FilePaths.strToFold("k")).isEqualTo(FilePaths.strToFold("\u212a"));
        assertThat(FilePaths.strToFold("ß")).isNotEqualTo(FilePaths.strToFold("ss"));
        assertThat(FilePaths.isVendoredPackage("vendor/modules.txt")).isFalse();
        assertThat(FilePaths.isVendoredPackage("vendor/x/y.go")).isTrue();
        // golang.org/issue/31562: the offset bug makes "a/vendor/x" count as vendored, "sub/vendor/sub.txt" too.
        assertThat(FilePaths.isVendoredPackage("sub/vendor/sub.txt")).isTrue();
    }

    @Test
    void modulePathOfGoMod() {
        assertThat(GoModules.modulePathOf("// c\nmodule example.com/m // comment\n".getBytes())).isEqualTo("example.com/m");
        assertThat(GoModules.modulePathOf("module \"example.com/q\"\n".getBytes())).isEqualTo("example.com/q");
        assertThat(GoModules.modulePathOf("module `example.com/r`\n".getBytes())).isEqualTo("example.com/r");
        assertThat(GoModules.modulePathOf("modules example.com/m\n".getBytes())).isEmpty();
        assertThat(GoModules.modulePathOf("go 1.19\n".getBytes())).isEmpty();
        assertThat(GoModules.modulePathOf("module \"bad\n".getBytes())).isEmpty();
        assertThat(new ArrayList<>(List.of(GoModules.splitPathVersion("a.b/c/v2")))).containsExactly("a.b/c", "/v2");
        assertThat(GoModules.splitPathVersion("a.b/c/v1")).isNull();
        assertThat(GoModules.checkModuleVersion("example.com/m", "v2.0.0"))
                .isEqualTo("example.com/m@v2.0.0: invalid version: should be v0 or v1, not v2");
    }
}
