package dev.modvault.core.sumdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Opening and signing signed notes, exactly as golang.org/x/mod/sumdb/note does.
 *
 * <p>A signed note is a text ending in a newline, a blank line, then one or more signature lines
 * {@code — <name> <base64(keyhash||signature)>\n} (an em dash U+2014 and a space first). The whole note must be valid
 * UTF-8 without ASCII control characters other than newline. The signature covers the text including its final
 * newline, not the blank line.
 */
public final class SignedNotes {

    /** At most this many signature lines are read (more is a malformed note). */
    public static final int MAX_SIGNATURES = 100;

    private static final String SIG_PREFIX = "\u2014 ";

    private SignedNotes() {
    }

    /**
     * Parses {@code message} and verifies its signatures with the {@code known} keys (x/mod note.Open): signatures by
     * unknown keys are kept as unverified (repeats dropped), repeated signatures by a known key are read once, and at
     * least one signature by a known key is required.
     *
     * @throws SumdbFormatException       "malformed note": bad UTF-8 or control characters, no blank line before a
     *                                    signature block, a malformed signature line, more than 100 signatures
     * @throws NoteVerificationException a known key's signature does not verify, no signature by a known key, or
     *                                    {@code known} cannot decide on a key
     */
    public static Note open(byte[] message, NoteVerifiers known)
            throws SumdbFormatException, NoteVerificationException {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(known, "known");
        String msg = GoText.decodeUtf8(message, 0, message.length);
        if (msg == null || GoText.hasControlOtherThanNewline(msg)) {
            throw malformed();
        }
        int split = msg.lastIndexOf("\n\n");
        if (split < 0) {
            throw malformed();
        }
        String text = msg.substring(0, split + 1);
        String sigs = msg.substring(split + 2);
        if (sigs.isEmpty() || sigs.charAt(sigs.length() - 1) != '\n') {
            throw malformed();
        }
        // The text is a prefix of the message, byte for byte (valid UTF-8 decodes and re-encodes unchanged).
        byte[] textBytes = Arrays.copyOf(message, text.getBytes(StandardCharsets.UTF_8).length);

        List<NoteSignature> verified = new ArrayList<>();
        List<NoteSignature> unverified = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> seenUnverified = new HashSet<>();
        int numSig = 0;
        int pos = 0;
        while (pos < sigs.length()) {
            int nl = sigs.indexOf('\n', pos);
            String line = sigs.substring(pos, nl);
            pos = nl + 1;
            if (!line.startsWith(SIG_PREFIX)) {
                throw malformed();
            }
            line = line.substring(SIG_PREFIX.length());
            String[] parts = KeyHashes.chop(line, ' ');
            String name = parts[0];
            String b64 = parts[1];
            byte[] sig = Base64Strict.decode(b64);
            if (sig == null || !GoText.isValidName(name) || b64.isEmpty() || sig.length < 5) {
                throw malformed();
            }
            int hash = ((sig[0] & 0xFF) << 24) | ((sig[1] & 0xFF) << 16) | ((sig[2] & 0xFF) << 8) | (sig[3] & 0xFF);
            byte[] signature = Arrays.copyOfRange(sig, 4, sig.length);
            if (++numSig > MAX_SIGNATURES) {
                // Avoid spending forever parsing a note with many signatures.
                throw malformed();
            }
            NoteVerifier v = known.find(name, hash).orElse(null);
            if (v == null) {
                if (seenUnverified.add(line)) {
                    unverified.add(new NoteSignature(name, hash, b64));
                }
                continue;
            }
            if (!v.name().equals(name) || v.keyHash() != hash) {
                throw new NoteVerificationException(NoteVerificationException.Reason.MISMATCHED_VERIFIER,
                        "verifier name or hash doesn't match signature", null);
            }
            if (!seen.add(name + "+" + KeyHashes.hex(hash))) {
                continue;
            }
            if (!v.verify(textBytes, signature)) {
                throw new NoteVerificationException(NoteVerificationException.Reason.INVALID_SIGNATURE,
                        "invalid signature for key " + name + "+" + KeyHashes.hex(hash), null);
            }
            verified.add(new NoteSignature(name, hash, b64));
        }
        Note note = new Note(text, verified, unverified);
        if (verified.isEmpty()) {
            throw new NoteVerificationException(NoteVerificationException.Reason.NO_VERIFIABLE_SIGNATURE,
                    "note has no verifiable signatures", note);
        }
        return note;
    }

    /**
     * Signs {@code note} (x/mod note.Sign): its text, a blank line, the existing signatures of the note (verified,
     * then unverified) except those by keys among {@code signers}, then one new signature per signer.
     *
     * @throws SumdbFormatException     "malformed note" when the text does not end in a newline or an existing
     *                                  signature is malformed
     * @throws IllegalArgumentException "invalid signer" when a signer's name is not a valid key name
     */
    public static byte[] sign(Note note, NoteSigner... signers) throws SumdbFormatException {
        Objects.requireNonNull(note, "note");
        String text = note.text();
        if (!text.endsWith("\n") || !GoText.isWellFormed(text)) {
            throw malformed();
        }
        byte[] textBytes = text.getBytes(StandardCharsets.UTF_8);
        StringBuilder newSigs = new StringBuilder();
        Set<String> have = new LinkedHashSet<>();
        for (NoteSigner s : signers) {
            String name = s.name();
            int hash = s.keyHash();
            have.add(name + "+" + KeyHashes.hex(hash));
            if (!GoText.isValidName(name)) {
                throw new IllegalArgumentException("invalid signer");
            }
            byte[] sig = s.sign(textBytes);
            byte[] raw = new byte[4 + sig.length];
            raw[0] = (byte) (hash >>> 24);
            raw[1] = (byte) (hash >>> 16);
            raw[2] = (byte) (hash >>> 8);
            raw[3] = (byte) hash;
            System.arraycopy(sig, 0, raw, 4, sig.length);
            newSigs.append(SIG_PREFIX).append(name).append(' ').append(Base64.getEncoder().encodeToString(raw))
                    .append('\n');
        }
        StringBuilder out = new StringBuilder(text).append('\n');
        for (List<NoteSignature> list : List.of(note.signatures(), note.unverifiedSignatures())) {
            for (NoteSignature sig : list) {
                if (!GoText.isValidName(sig.name())) {
                    throw malformed();
                }
                if (have.contains(sig.name() + "+" + KeyHashes.hex(sig.keyHash()))) {
                    continue;
                }
                byte[] raw = Base64Strict.decode(sig.base64());
                if (raw == null || raw.length < 4 || (((raw[0] & 0xFF) << 24) | ((raw[1] & 0xFF) << 16)
                        | ((raw[2] & 0xFF) << 8) | (raw[3] & 0xFF)) != sig.keyHash()) {
                    throw malformed();
                }
                out.append(SIG_PREFIX).append(sig.name()).append(' ').append(sig.base64()).append('\n');
            }
        }
        out.append(newSigs);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static SumdbFormatException malformed() {
        return new SumdbFormatException("malformed note");
    }
}
