package dev.modvault.testkit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable set of {@link FixtureModule}s with lookups, and {@link #standard()}: the fixed set the end-to-end tests
 * use. Every standard module holds a tiny Go package that compiles ({@code func Hello() string}).
 */
public final class Fixtures {

    /** Uppercase letters in the path (escaped as {@code mod.example/!upper/!case}); v1.0.0, v1.1.0. */
    public static final String UPPER_CASE = "mod.example/Upper/Case";
    /** v1.0.0 with a go.mod, v2.0.0+incompatible without one. */
    public static final String INCOMPAT = "mod.example/incompat";
    /** A major-version suffix: v2.0.0, v2.1.0, go.mod {@code module mod.example/major/v2}. */
    public static final String MAJOR_V2 = "mod.example/major/v2";
    /** v1.0.0 and the prerelease v1.1.0-beta.1. */
    public static final String PRE = "mod.example/pre";
    /** Only a pseudo-version: its list is empty, @latest answers the pseudo-version. */
    public static final String PSEUDO = "mod.example/pseudo";
    /** v1.0.0, requires and imports {@link #MAJOR_V2} v2.1.0. */
    public static final String APP_LIB = "mod.example/app/lib";

    /** The only version of {@link #PSEUDO}. */
    public static final String PSEUDO_VERSION = "v0.0.0-20240102030405-abcdef123456";

    /** Module path of {@link #demoProgram()}. */
    public static final String DEMO_PROGRAM_PATH = "example.com/demo";

    private final List<FixtureModule> modules;

    private Fixtures(Collection<FixtureModule> modules) {
        Map<String, FixtureModule> unique = new LinkedHashMap<>();
        for (FixtureModule m : modules) {
            if (unique.putIfAbsent(m.toString(), m) != null) {
                throw new IllegalArgumentException("duplicate fixture " + m);
            }
        }
        List<FixtureModule> sorted = new ArrayList<>(unique.values());
        sorted.sort(Comparator.comparing(FixtureModule::path)
                .thenComparing(FixtureModule::version, GoPaths.SEMVER_ORDER));
        this.modules = List.copyOf(sorted);
    }

    public static Fixtures of(Collection<FixtureModule> modules) {
        return new Fixtures(modules);
    }

    public static Fixtures of(FixtureModule... modules) {
        return new Fixtures(List.of(modules));
    }

    /** The standard set; see the path constants of this class. A new (equal) instance on each call. */
    public static Fixtures standard() {
        List<FixtureModule> m = new ArrayList<>();

        m.add(FixtureModule.builder(UPPER_CASE, "v1.0.0").time("2024-01-02T03:04:05Z")
                .file("case.go", hello("upcase", UPPER_CASE + " v1.0.0"))
                .file("README.md", "# Upper/Case\n")
                .build());
        m.add(FixtureModule.builder(UPPER_CASE, "v1.1.0").time("2024-02-03T04:05:06Z")
                .file("case.go", hello("upcase", UPPER_CASE + " v1.1.0"))
                .file("README.md", "# Upper/Case\n")
                .file("sub/sub.go", hello("sub", UPPER_CASE + "/sub v1.1.0"))
                .build());

        m.add(FixtureModule.builder(INCOMPAT, "v1.0.0").time("2024-01-05T00:00:00Z")
                .file("incompat.go", hello("incompat", INCOMPAT + " v1.0.0"))
                .build());
        m.add(FixtureModule.builder(INCOMPAT, "v2.0.0+incompatible").time("2024-01-06T00:00:00Z")
                .noGoMod()
                .file("incompat.go", hello("incompat", INCOMPAT + " v2.0.0+incompatible"))
                .file("LICENSE", "Public domain test fixture.\n")
                .build());

        m.add(FixtureModule.builder(MAJOR_V2, "v2.0.0").time("2024-01-07T00:00:00Z")
                .file("major.go", hello("major", MAJOR_V2 + " v2.0.0"))
                .build());
        m.add(FixtureModule.builder(MAJOR_V2, "v2.1.0").time("2024-01-08T00:00:00Z")
                .file("major.go", hello("major", MAJOR_V2 + " v2.1.0"))
                .build());

        m.add(FixtureModule.builder(PRE, "v1.0.0").time("2024-01-09T00:00:00Z")
                .file("pre.go", hello("pre", PRE + " v1.0.0"))
                .build());
        m.add(FixtureModule.builder(PRE, "v1.1.0-beta.1").time("2024-01-10T00:00:00Z")
                .file("pre.go", hello("pre", PRE + " v1.1.0-beta.1"))
                .build());

        m.add(FixtureModule.builder(PSEUDO, PSEUDO_VERSION)
                .file("pseudo.go", hello("pseudo", PSEUDO + " " + PSEUDO_VERSION))
                .build());

        m.add(FixtureModule.builder(APP_LIB, "v1.0.0").time("2024-01-11T00:00:00Z")
                .goMod("module " + APP_LIB + "\n\ngo 1.19\n\nrequire " + MAJOR_V2 + " v2.1.0\n")
                .file("lib.go", """
                        package lib

                        import "mod.example/major/v2"

                        // Hello reports this module and the one it depends on.
                        func Hello() string {
                        \treturn "mod.example/app/lib v1.0.0 -> " + major.Hello()
                        }
                        """)
                .build());
        return new Fixtures(m);
    }

    /**
     * Files of a small program ({@link #DEMO_PROGRAM_PATH}, for {@link GoCommand#writeProgram}) importing two standard
     * fixture modules, {@link #APP_LIB} and {@link #UPPER_CASE}. With no requirements in its go.mod, {@code go mod tidy}
     * resolves the latest versions; see {@link #demoProgramModules()}. Running it prints one line per Hello.
     */
    public static Map<String, String> demoProgram() {
        return Map.of("main.go", """
                package main

                import (
                \t"fmt"

                \tupcase "mod.example/Upper/Case"
                \t"mod.example/app/lib"
                )

                func main() {
                \tfmt.Println(lib.Hello())
                \tfmt.Println(upcase.Hello())
                }
                """);
    }

    /** The modules {@code go mod tidy} of {@link #demoProgram()} selects: exactly their go.sum lines are written. */
    public List<FixtureModule> demoProgramModules() {
        return List.of(get(APP_LIB, "v1.0.0"), get(MAJOR_V2, "v2.1.0"), get(UPPER_CASE, "v1.1.0"));
    }

    private static String hello(String pkg, String says) {
        return "package " + pkg + "\n\n// Hello says which module version this is.\nfunc Hello() string {\n\treturn \""
                + says + "\"\n}\n";
    }

    /** All module versions, by path then semantic version. */
    public List<FixtureModule> all() {
        return modules;
    }

    /** The module paths, sorted. */
    public Set<String> paths() {
        Set<String> paths = new LinkedHashSet<>();
        modules.forEach(m -> paths.add(m.path()));
        return paths;
    }

    public Optional<FixtureModule> find(String path, String version) {
        return modules.stream().filter(m -> m.path().equals(path) && m.version().equals(version)).findFirst();
    }

    /** @throws NoSuchElementException if there is no such fixture */
    public FixtureModule get(String path, String version) {
        return find(path, version).orElseThrow(() -> new NoSuchElementException("no fixture " + path + "@" + version));
    }

    /** Every version of {@code path} (pseudo-versions included), in semantic-version order; empty if unknown. */
    public List<FixtureModule> versionsOf(String path) {
        return modules.stream().filter(m -> m.path().equals(path)).toList();
    }

    /** The version strings of {@link #versionsOf}. */
    public List<String> versions(String path) {
        return versionsOf(path).stream().map(FixtureModule::version).toList();
    }

    /** The versions a proxy lists for {@code path} ({@code @v/list}): all but pseudo-versions, in order. */
    public List<String> taggedVersions(String path) {
        return taggedVersions(versionsOf(path));
    }

    /** What a proxy answers for {@code path/@latest} (see {@link #latestOf}). */
    public FixtureModule latest(String path) {
        return latestOf(versionsOf(path)).orElseThrow(() -> new NoSuchElementException("no fixture module " + path));
    }

    static List<String> taggedVersions(Collection<FixtureModule> versions) {
        return versions.stream().filter(m -> !m.isPseudoVersion()).map(FixtureModule::version)
                .sorted(GoPaths.SEMVER_ORDER).toList();
    }

    /**
     * The {@code @latest} choice of the go command's "latest" query: the highest release that is not
     * {@code +incompatible}, else the highest {@code +incompatible} release, else the highest prerelease, else the
     * highest pseudo-version.
     */
    static Optional<FixtureModule> latestOf(Collection<FixtureModule> versions) {
        Comparator<FixtureModule> bySemver = Comparator.comparing(FixtureModule::version, GoPaths.SEMVER_ORDER);
        List<java.util.function.Predicate<FixtureModule>> tiers = List.of(
                m -> !m.isPseudoVersion() && !m.isPrerelease() && !m.isIncompatible(),
                m -> !m.isPseudoVersion() && !m.isPrerelease(),
                m -> !m.isPseudoVersion(),
                m -> true);
        for (var tier : tiers) {
            Optional<FixtureModule> best = versions.stream().filter(tier).max(bySemver);
            if (best.isPresent()) {
                return best;
            }
        }
        return Optional.empty();
    }
}
