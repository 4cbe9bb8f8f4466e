package dev.modvault.core.sumdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Verifier keys, signer keys and signed notes. Vectors ported from golang.org/x/mod 0.7.0 sumdb/note:
 * note_test.go TestNewVerifier, TestNewSigner, TestGenerateKey, TestFromEd25519, TestSign, TestVerifierList, TestOpen;
 * example_test.go ExampleSign, ExampleOpen, ExampleSign_add_signatures (the EnochRoot key from an all-zero seed).
 * Plus the real sum.golang.org verifier key (cmd/go/internal/modfetch/key.go).
 */
class SignedNotesTest {

    static final String PETER_VKEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    static final String PETER_SKEY = "PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz";
    static final String ENOCH_VKEY = "EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop";

    static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    static final String PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    static final String ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    static final NoteSignature PETER = new NoteSignature("PeterNeumann", 0xc74f20a3,
            "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=");
    static final NoteSignature ENOCH = new NoteSignature("EnochRoot", 0xaf0cfe78,
            "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=");

    // ---- verifier keys (TestNewVerifier) ----

    @Test
    void parsesAVerifierKey() {
        VerifierKey k = VerifierKey.parse(PETER_VKEY);
        assertThat(k.name()).isEqualTo("PeterNeumann");
        assertThat(k.keyHash()).isEqualTo(0xc74f20a3);
        assertThat(k.publicKey()).hasSize(32);
        assertThat(k.encoded()).isEqualTo(PETER_VKEY);
    }

    @Test
    void parsesTheRealSumGolangOrgKey() {
        VerifierKey k = VerifierKey.parse("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
        assertThat(k.name()).isEqualTo("sum.golang.org");
        assertThat(k.keyHash()).isEqualTo(0x033de0ae);
        assertThat(k.encoded()).isEqualTo("sum.golang.org+033de0ae+Ac4zctda0e5eza+HJyk9SxEdh+s3Ux18htTTAD8OuAn8");
        // A signature that is not its own does not verify.
        assertThat(k.verify("go.sum database tree\n1\n".getBytes(StandardCharsets.UTF_8), new byte[64])).isFalse();
    }

    @Test
    void rejectsEveryProperSubstringAndEveryOneByteChangeOfAVerifierKey() {
        byte[] b = PETER_VKEY.getBytes(StandardCharsets.US_ASCII);
        int rejected = 0;
        for (int i = 0; i <= b.length; i++) {
            for (int j = i + 1; j <= b.length; j++) {
                if (i != 0 || j != b.length) {
                    String k = new String(b, i, j - i, StandardCharsets.US_ASCII);
                    assertThatThrownBy(() -> VerifierKey.parse(k)).as(k).isInstanceOf(IllegalArgumentException.class);
                    rejected++;
                }
            }
        }
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String k = new String(b, StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> VerifierKey.parse(k)).as(k).isInstanceOf(IllegalArgumentException.class);
            b[i]--;
        }
        assertThat(rejected).isEqualTo(b.length * (b.length + 1) / 2 - 1);
    }

    @Test
    void rejectsAWrongKeyLengthOrAnUnknownAlgorithmEvenWithAMatchingHash() {
        // wrong length key, with adjusted key hash
        assertThatThrownBy(() -> VerifierKey.parse(
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=="))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        // unknown algorithm, with adjusted key hash
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown verifier algorithm");
    }

    @Test
    void namesTheProblemOfAMalformedKey() {
        assertThatThrownBy(() -> VerifierKey.parse("Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("invalid name");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("8 hex digits");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a4+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("does not match");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10T"))
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+c74f20a3"))
                .hasMessageContaining("base64");
        assertThatThrownBy(() -> VerifierKey.parse("PeterNeumann+-74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"))
                .hasMessageContaining("8 hex digits");
    }

    // ---- signer keys (TestNewSigner, TestGenerateKey, TestFromEd25519, ExampleSign_add_signatures) ----

    @Test
    void parsesASignerKeyAndDerivesItsPublicKey() {
        SignerKey s = SignerKey.parse(PETER_SKEY);
        assertThat(s.name()).isEqualTo("PeterNeumann");
        assertThat(s.keyHash()).isEqualTo(0xc74f20a3);
        assertThat(s.verifierKey().encoded()).isEqualTo(PETER_VKEY);
        assertThat(s.encoded()).isEqualTo(PETER_SKEY);
        assertThat(s.toString()).doesNotContain("AYEKFALV");
    }

    @Test
    void rejectsEveryProperSubstringAndEveryOneByteChangeOfASignerKey() {
        byte[] b = PETER_SKEY.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i <= b.length; i++) {
            for (int j = i + 1; j <= b.length; j++) {
                if (i == 0 && j == b.length) {
                    continue;
                }
                String k = new String(b, i, j - i, StandardCharsets.US_ASCII);
                assertThatThrownBy(() -> SignerKey.parse(k)).as(k).isInstanceOf(IllegalArgumentException.class);
            }
        }
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String k = new String(b, StandardCharsets.ISO_8859_1);
            assertThatThrownBy(() -> SignerKey.parse(k)).as(k).isInstanceOf(IllegalArgumentException.class);
            b[i]--;
        }
    }

    @Test
    void aZeroSeedGivesTheEnochRootKeyOfTheXModExample() {
        SignerKey enoch = SignerKey.generate("EnochRoot", new ZeroRandom());
        assertThat(enoch.verifierKey().encoded()).isEqualTo(ENOCH_VKEY);
        assertThat(enoch.encoded()).isEqualTo("PRIVATE+KEY+EnochRoot+af0cfe78+AQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
        assertThat(SignerKey.parse(enoch.encoded()).verifierKey()).isEqualTo(VerifierKey.parse(ENOCH_VKEY));
    }

    @Test
    void generatedKeysAreSelfConsistent() {
        SignerKey signer = SignerKey.generate("EnochRoot");
        VerifierKey verifier = VerifierKey.parse(signer.verifierKey().encoded());
        SignerKey reparsed = SignerKey.parse(signer.encoded());
        assertThat(reparsed.keyHash()).isEqualTo(signer.keyHash()).isEqualTo(verifier.keyHash());
        assertThat(verifier.name()).isEqualTo("EnochRoot");

        byte[] msg = "hi".getBytes(StandardCharsets.UTF_8);
        byte[] sig = reparsed.sign(msg);
        assertThat(verifier.verify(msg, sig)).isTrue();
        sig[0]++;
        assertThat(verifier.verify(msg, sig)).as("corrupt signature").isFalse();
        sig[0]--;
        msg[0]++;
        assertThat(verifier.verify(msg, sig)).as("corrupt message").isFalse();
        assertThat(verifier.verify(msg, Arrays.copyOf(sig, 63))).as("short signature").isFalse();
    }

    @Test
    void buildsAVerifierKeyFromARawEd25519Key() {
        VerifierKey peter = VerifierKey.parse(PETER_VKEY);
        assertThat(VerifierKey.ofEd25519("PeterNeumann", peter.publicKey()).encoded()).isEqualTo(PETER_VKEY);
        assertThatThrownBy(() -> VerifierKey.ofEd25519("EnochRoot", new byte[31]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size 31");
    }

    // ---- signing (TestSign, ExampleSign, ExampleSign_add_signatures) ----

    @Test
    void signsExactlyAsXMod() throws Exception {
        SignerKey signer = SignerKey.parse(PETER_SKEY);
        String want = TEXT + "\n" + PETER_SIG;
        assertThat(utf8(SignedNotes.sign(Note.of(TEXT), signer))).isEqualTo(want);

        // An existing signature by the same key is replaced.
        Note withBad = new Note(TEXT, List.of(new NoteSignature("PeterNeumann", 0xc74f20a3, "BADSIGN=")), List.of());
        assertThat(utf8(SignedNotes.sign(withBad, signer))).isEqualTo(want);
    }

    @Test
    void addsASignatureAfterTheExistingOnes() throws Exception {
        Note n = SignedNotes.open((TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8),
                NoteVerifiers.of(VerifierKey.parse(PETER_VKEY)));
        SignerKey enoch = SignerKey.generate("EnochRoot", new ZeroRandom());
        assertThat(utf8(SignedNotes.sign(n, enoch))).isEqualTo(TEXT + "\n" + PETER_SIG + ENOCH_SIG);
    }

    @Test
    void refusesToSignBadInput() {
        SignerKey signer = SignerKey.parse(PETER_SKEY);
        assertThatThrownBy(() -> SignedNotes.sign(Note.of("abc"), signer))
                .isInstanceOf(SumdbFormatException.class).hasMessage("malformed note");
        assertThatThrownBy(() -> SignedNotes.sign(new Note(TEXT,
                List.of(new NoteSignature("a+b", 0, "ABCD")), List.of())))
                .isInstanceOf(SumdbFormatException.class).hasMessage("malformed note");
        assertThatThrownBy(() -> SignedNotes.sign(new Note(TEXT,
                List.of(new NoteSignature("PeterNeumann", 0xc74f20a3, "BADHASH=")), List.of())))
                .isInstanceOf(SumdbFormatException.class).hasMessage("malformed note");
        NoteSigner badName = new DelegatingSigner(signer) {
            @Override
            public String name() {
                return "bad name";
            }
        };
        assertThatThrownBy(() -> SignedNotes.sign(Note.of(TEXT), badName))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("invalid signer");
        IllegalStateException surprise = new IllegalStateException("surprise!");
        NoteSigner failing = new DelegatingSigner(signer) {
            @Override
            public byte[] sign(byte[] message) {
                throw surprise;
            }
        };
        assertThatThrownBy(() -> SignedNotes.sign(Note.of(TEXT), failing)).isSameAs(surprise);
    }

    // ---- verifier lists (TestVerifierList) ----

    @Test
    void findsVerifiersByNameAndHash() throws Exception {
        VerifierKey peter = VerifierKey.parse(PETER_VKEY);
        VerifierKey enoch = VerifierKey.parse(ENOCH_VKEY);
        NoteVerifiers list = NoteVerifiers.of(peter, enoch, enoch);
        assertThat(list.find("PeterNeumann", 0xc74f20a3)).containsSame(peter);
        assertThat(list.find("PeterNeumann", 0xc74f20a4)).isEmpty();
        assertThat(list.find("PeterNeuman", 0xc74f20a3)).isEmpty();
        assertThatThrownBy(() -> list.find("EnochRoot", 0xaf0cfe78))
                .isInstanceOf(NoteVerificationException.class).hasMessage("ambiguous key EnochRoot+af0cfe78");
    }

    // ---- opening (TestOpen, ExampleOpen) ----

    @Test
    void opensANoteWithOneKnownAndOneUnknownSigner() throws Exception {
        Note n = open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, VerifierKey.parse(PETER_VKEY));
        assertThat(n.text()).isEqualTo(TEXT);
        assertThat(n.signatures()).containsExactly(PETER);
        assertThat(n.unverifiedSignatures()).containsExactly(ENOCH);
    }

    @Test
    void opensANoteWithTwoKnownSigners() throws Exception {
        Note n = open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, VerifierKey.parse(PETER_VKEY), VerifierKey.parse(ENOCH_VKEY));
        assertThat(n.signatures()).containsExactly(PETER, ENOCH);
        assertThat(n.unverifiedSignatures()).isEmpty();
    }

    @Test
    void refusesANoteWithoutAKnownSigner() {
        NoteVerificationException e = catchThrowableOfType(NoteVerificationException.class,
                () -> open(TEXT + "\n" + PETER_SIG + ENOCH_SIG));
        assertThat(e).hasMessage("note has no verifiable signatures");
        assertThat(e.reason()).isEqualTo(NoteVerificationException.Reason.NO_VERIFIABLE_SIGNATURE);
        Note n = e.unverifiedNote().orElseThrow();
        assertThat(n.signatures()).isEmpty();
        assertThat(n.unverifiedSignatures()).containsExactly(PETER, ENOCH);
    }

    @Test
    void ambiguousKeysOnlyMatterWhenUsed() throws Exception {
        VerifierKey peter = VerifierKey.parse(PETER_VKEY);
        VerifierKey enoch = VerifierKey.parse(ENOCH_VKEY);
        NoteVerificationException e = catchThrowableOfType(NoteVerificationException.class,
                () -> open(TEXT + "\n" + ENOCH_SIG, enoch, peter, enoch));
        assertThat(e).hasMessage("ambiguous key EnochRoot+af0cfe78");
        assertThat(e.reason()).isEqualTo(NoteVerificationException.Reason.AMBIGUOUS_KEY);
        assertThat(open(TEXT + "\n" + PETER_SIG, enoch, peter, enoch).signatures()).containsExactly(PETER);
    }

    @Test
    void refusesMoreThanAHundredSignatures() {
        String many = TEXT + "\n" + PETER_SIG.repeat(101);
        assertThatThrownBy(() -> open(many, VerifierKey.parse(PETER_VKEY)))
                .isInstanceOf(SumdbFormatException.class).hasMessage("malformed note");
        assertThatThrownBy(() -> open(many)).isInstanceOf(SumdbFormatException.class).hasMessage("malformed note");
    }

    @Test
    void refusesAnInvalidSignatureByAKnownKey() {
        String bad = TEXT + "\n" + spliceAtByte(PETER_SIG, 60, "ABCD");
        NoteVerificationException e = catchThrowableOfType(NoteVerificationException.class,
                () -> open(bad, VerifierKey.parse(PETER_VKEY)));
        assertThat(e).hasMessage("invalid signature for key PeterNeumann+c74f20a3");
        assertThat(e.reason()).isEqualTo(NoteVerificationException.Reason.INVALID_SIGNATURE);
    }

    @Test
    void dropsRepeatedSignatures() throws Exception {
        NoteSignature enochAbcd = new NoteSignature("EnochRoot", 0xaf0cfe78,
                "rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n" + "ABCD" + "2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=");
        Note n = open(TEXT + "\n" + PETER_SIG + PETER_SIG + ENOCH_SIG + ENOCH_SIG + spliceAtByte(ENOCH_SIG, 60, "ABCD"),
                VerifierKey.parse(PETER_VKEY));
        assertThat(n.signatures()).containsExactly(PETER);
        assertThat(n.unverifiedSignatures()).containsExactly(ENOCH, enochAbcd);
    }

    @Test
    void refusesMalformedNotes() {
        List<String> bad = new ArrayList<>(List.of(
                TEXT,
                TEXT + "\n",
                TEXT + "\n" + PETER_SIG.substring(0, PETER_SIG.length() - 1),
                "\u0001" + TEXT + "\n" + PETER_SIG,
                TEXT + "\n" + "— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=",
                TEXT + "\n" + PETER_SIG + "Unexpected line.\n"));
        for (String msg : bad) {
            assertThatThrownBy(() -> open(msg, VerifierKey.parse(PETER_VKEY))).as(msg)
                    .isInstanceOf(SumdbFormatException.class).hasMessage("malformed note");
        }
        // "\xff" + text: not UTF-8
        byte[] ff = ("?" + TEXT + "\n" + PETER_SIG).getBytes(StandardCharsets.UTF_8);
        ff[0] = (byte) 0xff;
        assertThatThrownBy(() -> SignedNotes.open(ff, NoteVerifiers.of(VerifierKey.parse(PETER_VKEY))))
                .isInstanceOf(SumdbFormatException.class).hasMessage("malformed note");
    }

    @Test
    void refusesAVerifierForAnotherNameOrHash() {
        VerifierKey peter = VerifierKey.parse(PETER_VKEY);
        NoteVerifiers fixed = (name, hash) -> Optional.of(peter);
        String misnamed = PETER_SIG.replace("PeterNeumann", "CarmenSandiego");
        assertThatThrownBy(() -> SignedNotes.open(utf8(TEXT + "\n" + misnamed), fixed))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("verifier name or hash doesn't match signature");
        String wrongHash = PETER_SIG.replace("x08g", "xxxx");
        assertThatThrownBy(() -> SignedNotes.open(utf8(TEXT + "\n" + wrongHash), fixed))
                .isInstanceOf(NoteVerificationException.class)
                .hasMessage("verifier name or hash doesn't match signature");
    }

    @Test
    void opensWhatItSigns() throws Exception {
        SignerKey k = SignerKey.generate("sum.test.example");
        byte[] signed = SignedNotes.sign(Note.of("go.sum database tree\n0\n" + Hash.ZERO + "\n"), k);
        Note n = SignedNotes.open(signed, NoteVerifiers.of(k.verifierKey()));
        assertThat(n.signatures()).extracting(NoteSignature::keyId).containsExactly(k.verifierKey().name() + "+"
                + String.format("%08x", k.keyHash()));
        signed[5] ^= 1; // change the text
        assertThatThrownBy(() -> SignedNotes.open(signed, NoteVerifiers.of(k.verifierKey())))
                .isInstanceOf(NoteVerificationException.class).hasMessageContaining("invalid signature");
    }

    private static Note open(String msg, NoteVerifier... known) throws SumdbException {
        return SignedNotes.open(utf8(msg), NoteVerifiers.of(known));
    }

    /** Go's {@code s[:i] + ins + s[i:]}: the offset counts bytes (the em dash is three). */
    private static String spliceAtByte(String s, int byteOffset, String ins) {
        byte[] b = utf8(s);
        return new String(b, 0, byteOffset, StandardCharsets.UTF_8) + ins
                + new String(b, byteOffset, b.length - byteOffset, StandardCharsets.UTF_8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** The zeroReader of x/mod's example_test.go. */
    static final class ZeroRandom extends SecureRandom {
        private static final long serialVersionUID = 1L;

        @Override
        public void nextBytes(byte[] bytes) {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private abstract static class DelegatingSigner implements NoteSigner {
        private final NoteSigner d;

        DelegatingSigner(NoteSigner d) {
            this.d = d;
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public int keyHash() {
            return d.keyHash();
        }

        @Override
        public byte[] sign(byte[] message) {
            return d.sign(message);
        }
    }
}
