package dev.modvault.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The txtar archive format of golang.org/x/tools/txtar (a port of its Parse), as used by x/mod's test data. */
record Txtar(byte[] comment, List<File> files) {

    record File(String name, byte[] data) {
    }

    private static final byte[] MARKER = "-- ".getBytes();
    private static final byte[] NEWLINE_MARKER = "\n-- ".getBytes();
    private static final byte[] MARKER_END = " --".getBytes();

    static Txtar read(Path file) throws IOException {
        return parse(Files.readAllBytes(file));
    }

    static Txtar parse(byte[] data) {
        List<File> files = new ArrayList<>();
        Found f = findFileMarker(data, 0);
        byte[] comment = f.before;
        while (f.name != null) {
            String name = f.name;
            f = findFileMarker(data, f.after);
            files.add(new File(name, f.before));
        }
        return new Txtar(comment, files);
    }

    /** The data before the next marker at or after {@code from}, the marker's file name and where its data starts. */
    private record Found(byte[] before, String name, int after) {
    }

    private static Found findFileMarker(byte[] data, int from) {
        int i = from;
        while (true) {
            Found m = isMarker(data, i);
            if (m != null) {
                return new Found(Arrays.copyOfRange(data, from, i), m.name, m.after);
            }
            int j = indexOf(data, NEWLINE_MARKER, i);
            if (j < 0) {
                byte[] rest = Arrays.copyOfRange(data, from, data.length);
                if (rest.length > 0 && rest[rest.length - 1] != '\n') {
                    rest = Arrays.copyOf(rest, rest.length + 1);
                    rest[rest.length - 1] = '\n';
                }
                return new Found(rest, null, data.length);
            }
            i = j + 1;
        }
    }

    private static Found isMarker(byte[] data, int at) {
        if (!startsWith(data, at, MARKER)) {
            return null;
        }
        int nl = indexOf(data, new byte[] {'\n'}, at);
        int end = nl < 0 ? data.length : nl;
        int after = nl < 0 ? data.length : nl + 1;
        int len = end - at;
        if (len < MARKER.length + MARKER_END.length || !startsWith(data, end - MARKER_END.length, MARKER_END)) {
            return null;
        }
        String name = GoText.decode(data, at + MARKER.length, len - MARKER.length - MARKER_END.length).strip();
        return new Found(null, name, after);
    }

    private static boolean startsWith(byte[] data, int at, byte[] prefix) {
        if (at < 0 || at + prefix.length > data.length) {
            return false;
        }
        for (int k = 0; k < prefix.length; k++) {
            if (data[at + k] != prefix[k]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] data, byte[] needle, int from) {
        for (int i = from; i + needle.length <= data.length; i++) {
            if (startsWith(data, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
