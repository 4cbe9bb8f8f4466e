package dev.modvault.web.admin;

/** ETag values for optimistic concurrency: a rule's revision as a strong entity tag. */
final class Revisions {

    private Revisions() {
    }

    static String etag(long revision) {
        return "\"" + revision + "\"";
    }

    /** The revision an If-Match header names; a missing header is refused with 428. */
    static long ifMatch(String header) {
        if (header == null || header.isBlank()) {
            throw new AdminErrors.PreconditionRequired(
                    "send If-Match with the ETag from your last read of this rule, so concurrent edits are not lost");
        }
        String tag = header.strip();
        if (tag.startsWith("W/")) {
            tag = tag.substring(2);
        }
        tag = tag.replace("\"", "");
        try {
            return Long.parseLong(tag);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("If-Match must be an ETag from this API, e.g. \"3\"");
        }
    }
}
