package dev.modvault.web.protocol;

/** Quotes untrusted text for a one-line message, as Go's %q would: no control characters, bounded length. */
final class Quote {

    private static final int MAX = 120;

    private Quote() {
    }

    static String of(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length() && i < MAX; i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c == 0x7f || Character.isISOControl(c)) {
                out.append(String.format("\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        if (text.length() > MAX) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
