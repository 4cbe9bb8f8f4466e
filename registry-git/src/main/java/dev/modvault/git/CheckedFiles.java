package dev.modvault.git;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The outcome of checking a file list against the module zip rules (golang.org/x/mod/zip.CheckedFiles): every file is
 * exactly one of valid (goes in the zip), omitted (silently left out) or invalid (makes the zip impossible).
 *
 * @param sizeError why the files are too large together, or null
 */
public record CheckedFiles(List<String> valid, List<FileError> omitted, List<FileError> invalid, String sizeError) {

    /** A file left out or refused, with the reason, e.g. {@code vendor/x/y: file is in vendor directory}. */
    public record FileError(String path, String reason) {
        @Override
        public String toString() {
            return path + ": " + reason;
        }
    }

    public CheckedFiles {
        valid = List.copyOf(valid);
        omitted = List.copyOf(omitted);
        invalid = List.copyOf(invalid);
    }

    /** CheckedFiles.Err: the size error, else the invalid files one per line, else null when a zip can be made. */
    public String error() {
        if (sizeError != null) {
            return sizeError;
        }
        if (!invalid.isEmpty()) {
            return invalid.stream().map(FileError::toString).collect(Collectors.joining("\n"));
        }
        return null;
    }
}
